// Account page: the shop's customer is signed in (a cookie), so their photo — served only with
// that cookie — shows; their card design and the scanned ID are pictures the page makes in the
// browser (blob: addresses). Tandem's asset proxy can fetch none of them: the SDK hands the photo
// and the card over, and never the scanned ID, which is masked.
(function () {
  'use strict';
  document.cookie = 'demo_signed_in=1; path=/demo/; SameSite=Lax';
  var photo = document.getElementById('photo');
  if (photo) photo.src = 'private/avatar.svg';
  function picture(id, text, colour) {
    var img = document.getElementById(id);
    if (!img) return;
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="150" viewBox="0 0 240 150">' +
      '<rect width="240" height="150" rx="14" fill="' + colour + '"/>' +
      '<text x="20" y="84" font-family="sans-serif" font-size="20" fill="#fff">' + text + '</text></svg>';
    img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  }
  picture('card-design', 'CARD-DESIGN-OK', '#7c3aed');
  picture('scanned-id', 'SECRET-ID-4711', '#b91c1c');
})();
