// Checkout page: "Place order" shows a confirmation in #order-result; "Delete my account" shows a warning in #danger-result.
(function () {
  'use strict';
  var form = document.getElementById('checkout-form');
  var result = document.getElementById('order-result');
  if (form && result) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = document.getElementById('name').value.trim();
      var delivery = form.querySelector('input[name="delivery"]:checked');
      result.textContent = 'Thank you' + (name ? ', ' + name : '') + '! Your order has been placed' +
        (delivery ? ' (' + delivery.getAttribute('data-label') + ')' : '') + '.';
    });
  }

  var danger = document.getElementById('danger-button');
  var dangerResult = document.getElementById('danger-result');
  if (danger && dangerResult) {
    danger.addEventListener('click', function () {
      dangerResult.textContent = 'Account deletion requested. (Demo only: nothing was deleted.)';
    });
  }
})();
