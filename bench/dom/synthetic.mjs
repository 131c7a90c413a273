// Synthetic pages for the DOM benchmarks: a shop-like page of product cards (headings, links,
// images, text with inline formatting, lists, prices, buttons) grown to a target element
// count, so snapshot speed can be read at 600, 1.7k, 10k and 100k elements on the same
// markup. Deterministic: the same count always gives the same bytes. The "session" page adds
// what a real minute on a site touches: a form, a ticking clock, notifications and a cart.

const WORDS = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore ' +
  'et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo').split(' ');

function words(seed, n) {
  let out = '';
  for (let i = 0; i < n; i++) out += (i ? ' ' : '') + WORDS[(seed * 7 + i * 13) % WORDS.length];
  return out;
}

/** One product card: 15 elements. */
function card(i) {
  return `<article class="card" data-i="${i}"><h3 class="title"><a href="/item/${i}">${words(i, 3)} ${i}</a></h3>` +
    `<img src="/img/${i % 50}.png" alt="${words(i + 1, 2)}" width="64" height="64">` +
    `<p class="desc">${words(i + 2, 8)} <b>${words(i + 3, 2)}</b> ${words(i + 4, 5)} <em>${words(i + 5, 1)}</em>.</p>` +
    `<ul class="tags"><li>${words(i, 1)}</li><li>${words(i + 6, 1)}</li><li>${words(i + 9, 1)}</li></ul>` +
    `<div class="price"><span class="cur">€</span><span class="amount">${(i % 97) + 3}.${(i * 37) % 100}</span></div>` +
    '<button type="button" class="buy">Add to cart</button></article>\n';
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}header,footer{background:#f4f4f5;padding:8px 16px}
nav a{margin-right:12px}main{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px;padding:16px}
.card{border:1px solid #ddd;border-radius:8px;padding:8px}.card img{float:right;background:#eee}.tags{display:flex;gap:6px;padding:0;list-style:none}
.tags li{background:#eef;border-radius:4px;padding:0 4px}.price{font-weight:700}.buy{background:#2563eb;color:#fff;border:0;border-radius:6px;padding:4px 8px}
.hover\\:ring:hover{outline:2px solid #f59e0b}form{display:grid;gap:6px;padding:16px;max-width:480px}#clock{float:right}
#toast{position:fixed;bottom:16px;left:16px;background:#111;color:#fff;padding:6px 10px;border-radius:6px}`;

/** Elements outside the cards: html, head, meta, title, style, body, header, h1, nav + 10 links, main, footer, p. */
const FIXED = 21;

export function shopPage(elements, { session = false } = {}) {
  const cards = Math.max(1, Math.round((elements - FIXED - (session ? 14 : 0)) / 15));
  let nav = '';
  for (let i = 0; i < 10; i++) nav += `<a href="/section/${i}">${words(i, 1)}</a>`;
  let body = '';
  for (let i = 0; i < cards; i++) body += card(i);
  const form = session
    ? `<form id="details"><label>Name <input id="name" name="name"></label><label>Email <input id="email" type="email"></label>` +
      `<label>Message <textarea id="message" rows="3"></textarea></label></form>` +
      `<span id="clock">00:00</span><span id="cart" data-count="0">Cart: 0</span><ul id="notes"></ul>`
    : '';
  const script = session ? `<script>${SESSION_SCRIPT}</script>` : '';
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Shop (${cards} cards)</title><style>${CSS}</style></head>\n` +
    `<body><header><h1>Shop</h1><nav>${nav}</nav>${form}</header>\n<main>\n${body}</main>\n<footer><p>${words(1, 12)}</p></footer>${script}</body></html>\n`;
}

/** The page's own life during the scripted minute: a clock every second, a notification every
 * 10 s, a toast and a cart count on each "Add to cart" click. */
const SESSION_SCRIPT = `(function(){
var t0=Date.now(),clock=document.getElementById('clock'),notes=document.getElementById('notes'),cart=document.getElementById('cart'),n=0,c=0;
setInterval(function(){var s=Math.floor((Date.now()-t0)/1000);clock.textContent=String(Math.floor(s/60)).padStart(2,'0')+':'+String(s%60).padStart(2,'0');
if(s%10===0){n++;var li=document.createElement('li');li.className='note';li.textContent='Notification '+n+': your order is on its way';notes.appendChild(li);if(notes.children.length>3)notes.firstElementChild.remove();}},1000);
document.addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('.buy');if(!b)return;c++;cart.dataset.count=String(c);cart.textContent='Cart: '+c;
var t=document.getElementById('toast');if(!t){t=document.createElement('div');t.id='toast';document.body.appendChild(t);}t.textContent='Added item '+b.closest('.card').dataset.i;
b.closest('.card').classList.add('in-cart');setTimeout(function(){if(t.isConnected)t.remove();},2000);});
})();`;

/** The synthetic pages of the snapshot benchmark, by name. */
export const SYNTHETIC = { 'shop-600': 600, 'shop-1.7k': 1700, 'shop-10k': 10000, 'shop-100k': 100000 };
