// <demo-rating value="N">: a custom element with an open shadow root, its own <style>, stars and a slot.
(function () {
  'use strict';
  if (!window.customElements || customElements.get('demo-rating')) return;

  class DemoRating extends HTMLElement {
    static get observedAttributes() { return ['value']; }

    constructor() {
      super();
      var root = this.attachShadow({ mode: 'open' });
      root.innerHTML =
        '<style>' +
        ':host { display: inline-flex; align-items: center; gap: 10px; padding: 6px 12px;' +
        ' border-radius: 999px; background: #fffbeb; border: 1px solid #fde68a; color: #78350f; }' +
        '.stars { display: inline-flex; gap: 2px; font-size: 20px; line-height: 1; }' +
        '.star { color: #e5e7eb; }' +
        '.star.on { color: #f59e0b; }' +
        '::slotted(*) { font-weight: 600; }' +
        '</style>' +
        '<span class="stars" part="stars" role="img"></span>' +
        '<span class="label"><slot>No reviews yet</slot></span>';
      this.render();
      // Clicking a star rates the shop (an element inside a shadow root that reacts to clicks).
      root.addEventListener('click', function (event) {
        var stars = Array.prototype.slice.call(root.querySelectorAll('.star'));
        var index = stars.indexOf(event.target);
        if (index >= 0) root.host.setAttribute('value', String(index + 1));
      });
    }

    attributeChangedCallback() { this.render(); }

    render() {
      var stars = this.shadowRoot.querySelector('.stars');
      var value = Math.max(0, Math.min(5, parseInt(this.getAttribute('value') || '0', 10) || 0));
      stars.setAttribute('aria-label', value + ' out of 5 stars');
      stars.textContent = '';
      for (var i = 1; i <= 5; i++) {
        var star = document.createElement('span');
        star.className = i <= value ? 'star on' : 'star';
        star.textContent = '\u2605';
        stars.appendChild(star);
      }
    }
  }

  customElements.define('demo-rating', DemoRating);
})();
