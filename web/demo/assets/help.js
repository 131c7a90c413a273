// Help page inside the iframe: the "Contact support" button shows a message in #help-result.
(function () {
  'use strict';
  var button = document.getElementById('help-button');
  var result = document.getElementById('help-result');
  if (!button || !result) return;
  button.addEventListener('click', function () {
    result.textContent = 'A support agent will be with you shortly.';
  });
})();
