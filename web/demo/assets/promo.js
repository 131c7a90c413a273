// Sale banner: the page's own script rotates the text of #promo every 3 seconds through fixed texts.
(function () {
  'use strict';
  var promo = document.getElementById('promo');
  if (!promo) return;
  var texts = [
    '20% off all lamps this week',
    'Free delivery on orders over $50',
    'Buy two mugs, get the third free',
    'Gift wrap is free until Sunday'
  ];
  var index = 0;
  setInterval(function () {
    index = (index + 1) % texts.length;
    promo.textContent = texts[index];
  }, 3000);
})();
