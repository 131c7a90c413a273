// Basket counter: each "Add to basket" button on the home page adds one item to #cart-count.
(function () {
  'use strict';
  var count = document.getElementById('cart-count');
  if (!count) return;
  var items = 0;
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-product]');
    if (!button) return;
    items += 1;
    count.textContent = items === 1 ? '1 item' : items + ' items';
  });
})();
