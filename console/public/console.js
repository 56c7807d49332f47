/* Enhancements only: every page works without this file. Draws the workload chart with uPlot (served from
 * its npm package) from the JSON the server put in the page; the same figures are in the page's table. */
document.addEventListener('DOMContentLoaded', function () {
  var data = document.getElementById('workload-data');
  var target = document.getElementById('workload-chart');
  if (!data || !target || typeof uPlot === 'undefined') return;
  var parsed = JSON.parse(data.textContent || '{}');
  var rows = parsed.rows || [];
  var labels = parsed.labels || { open: 'open', overdue: 'overdue' };
  var xs = rows.map(function (_, i) {
    return i;
  });
  var bars = uPlot.paths.bars({ size: [0.6, 60] });
  new uPlot(
    {
      width: Math.min(target.clientWidth || 800, 1000),
      height: 280,
      scales: { x: { time: false, range: [-0.5, rows.length - 0.5] } },
      axes: [
        {
          values: function (_, ticks) {
            return ticks.map(function (t) {
              return rows[t] ? rows[t].name : '';
            });
          },
          splits: function () {
            return xs;
          },
        },
        {},
      ],
      series: [
        {},
        { label: labels.open, fill: '#0b50d0', stroke: '#0b50d0', paths: bars, points: { show: false } },
        { label: labels.overdue, fill: '#8a4b00', stroke: '#8a4b00', paths: bars, points: { show: false } },
      ],
    },
    [
      xs,
      rows.map(function (r) {
        return r.open;
      }),
      rows.map(function (r) {
        return r.overdue;
      }),
    ],
    target,
  );
});
