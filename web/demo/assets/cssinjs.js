// CSS-in-JS: creates a <style> element and adds its rules only with sheet.insertRule (none in its text).
(function () {
  'use strict';
  var style = document.createElement('style');
  style.id = 'cssinjs-style';
  style.setAttribute('data-origin', 'css-in-js');
  document.head.appendChild(style);
  var sheet = style.sheet;
  var rules = [
    '.cssinjs-badge { display: inline-block; background: #7c3aed; color: white; padding: 4px 12px; border-radius: 999px; font-weight: 700; letter-spacing: 0.02em; }',
    '.cssinjs-badge::before { content: "\\2726  "; }',
    '.cssinjs-card { border-color: #c4b5fd; }'
  ];
  for (var i = 0; i < rules.length; i++) {
    sheet.insertRule(rules[i], sheet.cssRules.length);
  }
})();
