// Sales chart: draws a fixed weekly bar chart on <canvas id="sales-chart"> with the 2D context.
(function () {
  'use strict';
  var canvas = document.getElementById('sales-chart');
  if (!canvas || !canvas.getContext) return;
  var ctx = canvas.getContext('2d');
  var days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  var sales = [12, 19, 8, 15, 22, 30, 17];
  var max = 35;
  var width = canvas.width;
  var height = canvas.height;
  var left = 40, right = 12, top = 16, bottom = 28;
  var plotW = width - left - right;
  var plotH = height - top - bottom;

  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (var v = 0; v <= max; v += 10) {
    var y = top + plotH - (v / max) * plotH;
    ctx.strokeStyle = '#e2e8f0';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, Math.round(y) + 0.5);
    ctx.lineTo(width - right, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillStyle = '#64748b';
    ctx.fillText(String(v), left - 8, y);
  }

  var slot = plotW / days.length;
  var barW = slot * 0.6;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  for (var i = 0; i < days.length; i++) {
    var barH = (sales[i] / max) * plotH;
    var x = left + i * slot + (slot - barW) / 2;
    var yTop = top + plotH - barH;
    ctx.fillStyle = i === 5 ? '#f97316' : '#2563eb';
    ctx.fillRect(x, yTop, barW, barH);
    ctx.fillStyle = '#0f172a';
    ctx.fillText(String(sales[i]), x + barW / 2, yTop - 4);
    ctx.fillStyle = '#64748b';
    ctx.fillText(days[i], x + barW / 2, height - 8);
  }
})();
