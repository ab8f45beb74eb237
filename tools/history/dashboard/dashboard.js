// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dashboard's page script.  It only draws what daxbench dashboard
 * computed (the data element, JSON): trend charts with dygraphs, the
 * change points on them, the overview tables.  Text from the database is
 * data, never markup: it goes into the page with textContent only.
 *
 * For tests (tests/history-dashboard.sh) and measurements it reports
 * what it drew in body[data-status] and the hidden #selftest element.
 */
(function () {
	'use strict';

	var t0 = performance.now();
	var status = { errors: [], charts: [], renderMs: null, shown: 0, groups: 0, phases: {} };

	/* How long each part took, in ms: where a slow page spends its time. */
	function phase(name, t) {
		status.phases[name] = Math.round(performance.now() - t);
		return performance.now();
	}
	var PAGE = 12;
	var COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e',
		       '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
	var MARK = { regression: 'R', improvement: 'I', change: 'C' };
	var ORDER = { regression: 0, improvement: 1, change: 2, insignificant: 3, untested: 4, emulated: 5 };

	window.addEventListener('error', function (e) {
		status.errors.push(String(e.message));
		report();
	});
	var consoleError = console.error;
	console.error = function () {
		status.errors.push(Array.prototype.join.call(arguments, ' '));
		consoleError.apply(console, arguments);
	};

	var D = JSON.parse(document.getElementById('data').textContent);
	var tp = phase('parse', t0);

	function $(id) { return document.getElementById(id); }

	function el(tag, cls, text) {
		var e = document.createElement(tag);

		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = String(text);
		return e;
	}

	function fmt(v) {
		if (v === null || v === undefined || !isFinite(v))
			return '-';
		var a = Math.abs(v);
		if (a !== 0 && (a >= 1e9 || a < 1e-3))
			return v.toExponential(3);
		if (Number.isInteger(v))
			return String(v);
		return v.toPrecision(a >= 1e4 ? 7 : 4);
	}

	/* Axis labels: 3 significant digits and an SI prefix, 6 characters. */
	function short(v) {
		var a = Math.abs(v), p = ['', 'k', 'M', 'G', 'T', 'P'], i = 0;

		if (a === 0 || a < 1)
			return a === 0 ? '0' : v.toPrecision(2);
		while (a >= 1000 && i < p.length - 1) {
			a /= 1000;
			v /= 1000;
			i++;
		}
		return Number(v.toPrecision(3)) + p[i];
	}

	function pct(v) {
		return v === null || v === undefined ? 'from 0' : (v > 0 ? '+' : '') + v.toFixed(1) + '%';
	}

	function pval(p) {
		return p === null || p === undefined ? '-' : (p < 1e-3 ? p.toExponential(1) : p.toFixed(3));
	}

	/* A relative link only: a scheme from the database is never followed. */
	function safeHref(h) {
		return typeof h === 'string' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(h) && !/^\/\//.test(h) ? h : null;
	}

	function runText(i) {
		var r = D.runs[i];
		return r.id + ' (' + r.k + ')';
	}

	function what(s) {
		return s.path + '.' + s.name + '.' + s.metric;
	}

	function row(cells, cls) {
		var tr = el('tr', cls);

		cells.forEach(function (c) {
			var td = el('td', c.cls, c.text);
			tr.appendChild(td);
		});
		return tr;
	}

	function table(head, rows) {
		var t = el('table'), h = el('tr');

		head.forEach(function (x) { h.appendChild(el('th', null, x)); });
		t.appendChild(h);
		rows.forEach(function (r) { t.appendChild(r); });
		return t;
	}

	/* ---- the overview ------------------------------------------------ */

	function machines() {
		var box = $('machines');

		D.machines.forEach(function (m, mi) {
			var div = el('div', 'machine');
			var rows = D.latest.filter(function (l) { return D.series[l.s].m === mi; });

			div.appendChild(el('h3', null, m.name));
			div.appendChild(el('div', 'fp', m.fingerprint));
			if (m.emulated)
				div.appendChild(el('p', 'note', 'emulated CPU (TCG): times and rates are the emulator\'s, ' +
					'not representative of hardware; the latest run\'s are not judged ("emulated"), ' +
					'and their change points below say how the emulated kernel moved'));
			if (m.latest === null) {
				div.appendChild(el('p', 'note', 'no runs'));
				box.appendChild(div);
				return;
			}
			div.appendChild(el('p', null, 'latest ' + runText(m.latest) + ', ' + D.runs[m.latest].t +
				(m.previous === null ? '; no previous run' : '; previous ' + runText(m.previous))));
			rows.sort(function (a, b) {
				return ORDER[a.kind] - ORDER[b.kind] || Math.abs(b.pct || 1e9) - Math.abs(a.pct || 1e9);
			});
			if (m.previous !== null && !rows.length)
				div.appendChild(el('p', 'note', 'nothing moved beyond the thresholds'));
			if (rows.length) {
				var shown = rows.slice(0, 25).map(function (l) {
					var s = D.series[l.s], tr = row([
						{ text: l.kind, cls: 'kind' }, { text: what(s) },
						{ text: fmt(l.before), cls: 'num' }, { text: fmt(l.after), cls: 'num' },
						{ text: pct(l.pct), cls: 'num' }, { text: pval(l.p), cls: 'num' },
						{ text: s.unit + ', ' + s.better + (s.better === 'neither' ? '' : ' is better') },
					], l.kind + ' clickable');
					tr.addEventListener('click', function () { focus(s); });
					return tr;
				});
				div.appendChild(table(['', 'path.measurement.metric', 'previous', 'latest',
						       '%change', 'p', 'unit'], shown));
				if (rows.length > 25)
					div.appendChild(el('p', 'note', (rows.length - 25) + ' more rows moved; see the charts'));
			}
			box.appendChild(div);
		});
	}

	function changeList() {
		var all = [];

		D.series.forEach(function (s, si) {
			s.cps.forEach(function (c) { all.push({ s: s, si: si, c: c }); });
		});
		all.sort(function (a, b) {
			return ORDER[a.c.kind] - ORDER[b.c.kind] ||
				Math.abs(b.c.pct === null ? 1e9 : b.c.pct) - Math.abs(a.c.pct === null ? 1e9 : a.c.pct);
		});
		var th = D.thresholds;
		$('cp-note').textContent = all.length + ' change points in ' + D.series.length +
			' series (E-Divisive means, Student\'s t on the segments; counts and insns_*: ' +
			th.counts_pct + '% on raw repeats, times and rates: ' + th.times_pct +
			'% on run means; p < ' + th.alpha + '; ' + th.min_runs + ' runs a side)';
		if (!all.length)
			return;
		var rows = all.slice(0, 200).map(function (x) {
			var tr = row([
				{ text: x.c.kind, cls: 'kind' }, { text: D.machines[x.s.m].name },
				{ text: what(x.s) },
				{ text: fmt(x.c.before) + ' → ' + fmt(x.c.after), cls: 'num' },
				{ text: pct(x.c.pct), cls: 'num' }, { text: pval(x.c.p), cls: 'num' },
				{ text: runText(x.c.run) }, { text: runText(x.c.good) },
			], x.c.kind + ' clickable');
			tr.addEventListener('click', function () { focus(x.s); });
			return tr;
		});
		$('changes').appendChild(table(['', 'machine', 'path.measurement.metric', 'before → after',
						'%change', 'p', 'first bad run (kernel)', 'last good run (kernel)'], rows));
	}

	/* ---- the charts: one per machine, measurement and metric --------- */

	var groups = [], byKey = {};

	function groupSeries() {
		D.series.forEach(function (s) {
			var key = [s.m, s.bench, s.name, s.metric].join('\u0001');
			if (!byKey[key]) {
				byKey[key] = { key: key, m: s.m, bench: s.bench, name: s.name, metric: s.metric,
					       unit: s.unit, better: s.better, series: [] };
				groups.push(byKey[key]);
			}
			byKey[key].series.push(s);
		});
		/* Series of one path with other parameters get them in the label. */
		groups.forEach(function (g) {
			var seen = {};
			g.series.forEach(function (s) { seen[s.path] = (seen[s.path] || 0) + 1; });
			g.series.forEach(function (s) {
				s.label = seen[s.path] > 1 ? s.path + ' ' + s.params : s.path;
			});
			g.changed = g.series.some(function (s) { return s.cps.length > 0; });
		});
	}

	function fillSelect(id, values, all) {
		var sel = $(id);
		sel.appendChild(new Option(all, ''));
		values.forEach(function (v) { sel.appendChild(new Option(v, v)); });
	}

	function uniq(list) {
		var seen = {}, out = [];
		list.forEach(function (v) { if (!seen[v]) { seen[v] = 1; out.push(v); } });
		return out.sort();
	}

	function filters() {
		fillSelect('f-machine', uniq(D.machines.map(function (m) { return m.name; })), 'all machines');
		fillSelect('f-path', uniq(D.series.map(function (s) { return s.path; })), 'all paths');
		fillSelect('f-bench', uniq(D.series.map(function (s) { return s.bench; })), 'all benchmarks');
		/*
		 * The address may carry filters, and view=trends to show the
		 * charts alone: #machine=..&path=..&bench=..&metric=..&changed=1
		 */
		var h = location.hash.replace(/^#/, '').split('&');
		h.forEach(function (kv) {
			var i = kv.indexOf('='), k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
			if (k === 'machine') $('f-machine').value = v;
			else if (k === 'path') $('f-path').value = v;
			else if (k === 'bench') $('f-bench').value = v;
			else if (k === 'metric') $('f-metric').value = v;
			else if (k === 'changed') $('f-changed').checked = v === '1';
			else if (k === 'view' && v === 'trends') $('overview').hidden = true;
		});
		['f-machine', 'f-path', 'f-bench', 'f-changed'].forEach(function (id) {
			$(id).addEventListener('change', draw);
		});
		$('f-metric').addEventListener('input', draw);
		$('filters').addEventListener('submit', function (e) { e.preventDefault(); });
		$('more').addEventListener('click', function () { more(); report(); });
	}

	var matching = [], next = 0;

	function selected(g) {
		var m = $('f-machine').value, p = $('f-path').value, b = $('f-bench').value,
		    t = $('f-metric').value.trim();

		if (m && D.machines[g.m].name !== m) return false;
		if (b && g.bench !== b) return false;
		if (t && (g.name + '.' + g.metric).indexOf(t) < 0) return false;
		if ($('f-changed').checked && !g.changed) return false;
		if (p && !g.series.some(function (s) { return s.path === p; })) return false;
		return true;
	}

	function draw() {
		var box = $('charts');
		while (box.firstChild)
			box.removeChild(box.firstChild);
		status.charts = [];
		matching = groups.filter(selected);
		/* Charts with change points first, regressions first of all. */
		matching.sort(function (a, b) {
			return rank(a) - rank(b);
		});
		next = 0;
		more();
		report();
	}

	function rank(g) {
		var best = 3;
		g.series.forEach(function (s) {
			s.cps.forEach(function (c) { best = Math.min(best, ORDER[c.kind]); });
		});
		return best;
	}

	function more() {
		var end = Math.min(matching.length, next + PAGE);
		for (; next < end; next++)
			chart(matching[next]);
		$('more').hidden = next >= matching.length;
		$('shown').textContent = next + ' of ' + matching.length + ' charts shown (' +
			groups.length + ' in all)';
	}

	/* Rows of the chart: one per run of any of its series, in time order. */
	function rows(g, pathFilter) {
		var shown = g.series.filter(function (s) { return !pathFilter || s.path === pathFilter; });
		var byRun = {}, runs = [];

		shown.forEach(function (s, col) {
			s.pts.forEach(function (p) {
				if (!byRun[p[0]]) {
					byRun[p[0]] = [];
					runs.push(p[0]);
				}
				byRun[p[0]][col] = p;
			});
		});
		runs.sort(function (a, b) { return D.runs[a].t < D.runs[b].t ? -1 : D.runs[a].t > D.runs[b].t ? 1 : a - b; });
		return { shown: shown, runs: runs, byRun: byRun };
	}

	function chart(g) {
		var box = el('div', 'chart'), th = $('f-path').value;
		var r = rows(g, th);
		var m = D.machines[g.m];

		box.appendChild(el('h4', null, m.name + ' · ' + g.name + ' · ' + g.metric + ' (' + g.unit +
			(g.better === 'neither' ? '' : ', ' + g.better + ' is better') + ')'));
		var plot = el('div', 'plot'), legend = el('div', 'legend'), hover = el('div', 'hover');
		box.appendChild(plot);
		box.appendChild(legend);
		box.appendChild(hover);
		$('charts').appendChild(box);

		var labels = ['time'], colours = [], npoints = 0;
		r.shown.forEach(function (s, i) {
			labels.push('s' + i);
			colours.push(COLOURS[i % COLOURS.length]);
			var span = el('span'), sw = el('i');
			sw.style.background = colours[i];
			span.appendChild(sw);
			span.appendChild(document.createTextNode(s.label));
			legend.appendChild(span);
		});
		/*
		 * Each point is a run's mean with a band of +-1 stddev; on a
		 * long history (over 2000 points) the band is left out: it is
		 * unreadable at that density and costs most of the drawing
		 * (hovering still shows the stddev).
		 */
		var total = 0;
		r.shown.forEach(function (s) { total += s.pts.length; });
		var bars = total <= 2000;
		/* Two runs may start in the same second: x is time, plus a hair. */
		var xs = [], last = -Infinity;
		var data = r.runs.map(function (ri) {
			var x = Date.parse(D.runs[ri].t);
			if (!(x > last))
				x = last + 1;
			last = x;
			xs.push({ x: x, run: ri });
			var line = [new Date(x)];
			r.shown.forEach(function (s, col) {
				var p = r.byRun[ri][col], sd;
				if (p && p[1] !== null) {
					npoints++;
					sd = p[2] || 0;
					line.push(bars ? [p[1] - sd, p[1], p[1] + sd] : p[1]);
				} else {
					line.push(null);
				}
			});
			return line;
		});
		var xOfRun = {};
		xs.forEach(function (e) { xOfRun[e.run] = e.x; });

		var cps = [], annotations = [];
		r.shown.forEach(function (s, col) {
			s.cps.forEach(function (c) {
				cps.push({ x: xOfRun[c.run], c: c, s: s });
				annotations.push({
					series: 's' + col, x: xOfRun[c.run], shortText: MARK[c.kind],
					text: c.kind + ' ' + pct(c.pct) + ' of ' + s.label + ' at ' + D.runs[c.run].id +
						' (' + D.runs[c.run].k + '), p ' + pval(c.p),
					cssClass: 'cp-' + c.kind, width: 14, height: 14,
				});
			});
		});
		if (cps.length) {
			var ul = el('div', 'cplist');
			cps.forEach(function (x) {
				ul.appendChild(el('div', 'cp-' + x.c.kind, MARK[x.c.kind] + ' ' + x.c.kind + ' ' +
					pct(x.c.pct) + ' of ' + x.s.label + ': ' + fmt(x.c.before) + ' → ' +
					fmt(x.c.after) + ' from ' + runText(x.c.run) + ', last good ' + runText(x.c.good) +
					(x.c.tool_changed ? '; caution: daxbench changed too (' + D.runs[x.c.good].tool +
					 ' → ' + D.runs[x.c.run].tool + ')' : '')));
			});
			box.appendChild(ul);
		}

		var info = { key: g.key, machine: m.name, name: g.name, metric: g.metric,
			     points: npoints, rows: data.length, changepoints: cps.map(function (x) {
				     return D.runs[x.c.run].id;
			     }), marked: [] };
		status.charts.push(info);
		if (!data.length)
			return;

		var g2 = new Dygraph(plot, data, {
			labels: labels, colors: colours, customBars: bars,
			legend: 'never', drawPoints: bars, pointSize: 2, connectSeparatedPoints: true,
			highlightCircleSize: 4, animatedZooms: false,
			axes: { y: { axisLabelWidth: 56, axisLabelFormatter: short } },
			underlayCallback: function (ctx, area, dg) {
				cps.forEach(function (x) {
					var px = dg.toDomXCoord(x.x);
					ctx.fillStyle = x.c.kind === 'regression' ? 'rgba(198,40,40,0.35)' :
						x.c.kind === 'improvement' ? 'rgba(46,125,50,0.35)' : 'rgba(21,101,192,0.3)';
					ctx.fillRect(px - 1.5, area.y, 3, area.h);
				});
			},
			highlightCallback: function (e, x, pts) {
				hoverText(hover, xs, x, r, pts);
			},
			unhighlightCallback: function () {
				while (hover.firstChild)
					hover.removeChild(hover.firstChild);
			},
		});
		g2.ready(function () {
			g2.setAnnotations(annotations);
			/* Where the marks were drawn: the run nearest to each. */
			var marks = plot.querySelectorAll('.dygraphDefaultAnnotation');
			Array.prototype.forEach.call(marks, function (mk) {
				var cx = mk.offsetLeft + mk.offsetWidth / 2, dx = g2.toDataXCoord(cx), best = null;
				xs.forEach(function (e) {
					if (best === null || Math.abs(e.x - dx) < Math.abs(best.x - dx))
						best = e;
				});
				if (best)
					info.marked.push(D.runs[best.run].id);
			});
			report();
		});
	}

	function hoverText(hover, xs, x, r, pts) {
		var e = xs.filter(function (v) { return v.x === x; })[0];

		while (hover.firstChild)
			hover.removeChild(hover.firstChild);
		if (!e)
			return;
		var run = D.runs[e.run];
		hover.appendChild(document.createTextNode('run ' + run.id + '  kernel ' + run.k + '  ' + run.t +
			'  daxbench ' + run.tool + '\n'));
		r.shown.forEach(function (s, col) {
			var p = r.byRun[e.run][col];
			if (p)
				hover.appendChild(document.createTextNode(s.label + ': ' + fmt(p[1]) + ' ± ' +
					fmt(p[2]) + ' (' + p[3] + ' repeats)\n'));
		});
		var href = safeHref(run.href);
		if (href) {
			var a = el('a', null, 'the run\'s plots and files');
			a.href = href;
			hover.appendChild(a);
		}
	}

	function focus(s) {
		$('f-machine').value = D.machines[s.m].name;
		$('f-bench').value = s.bench;
		$('f-path').value = '';
		$('f-metric').value = s.name + '.' + s.metric;
		$('f-changed').checked = false;
		draw();
		$('trends').scrollIntoView();
	}

	function report() {
		status.shown = next;
		status.groups = groups.length;
		$('selftest').textContent = JSON.stringify(status);
		document.body.setAttribute('data-errors', String(status.errors.length));
	}

	try {
		document.title = D.title;
		$('title').textContent = D.title;
		$('about').textContent = D.machines.length + ' machines, ' + D.runs.length + ' runs, ' +
			D.series.length + ' series; from ' + D.db + ', written ' + D.generated;
		machines();
		changeList();
		tp = phase('overview', tp);
		groupSeries();
		filters();
		tp = phase('group', tp);
		draw();
		phase('charts', tp);
	} catch (e) {
		status.errors.push(String(e && e.stack || e));
	}
	status.renderMs = performance.now();
	status.scriptMs = performance.now() - t0;
	report();
	document.body.setAttribute('data-status', 'ready');
}());
