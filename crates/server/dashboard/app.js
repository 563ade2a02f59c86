// The Placard dashboard: filters, a map, a timeline and the events table on
// `#/`, and on `#/event/ID` one event with the words behind each value and
// the review actions. It only reads and writes through `/api`.
//
// Safety rule of this file: data from the server (article text, claims,
// outlet names, URLs) reaches the page only as text nodes or through
// setAttribute on attributes that cannot run code; nothing is ever parsed
// as HTML. The server's Content-Security-Policy forbids inline script as a
// second line of defence.

const KINDS = [
  'protest', 'permit_request', 'permit_refused', 'permit_granted', 'ban',
  'police_action', 'arrest', 'force', 'prosecution', 'official_meeting',
];
const STATUSES = ['unreviewed', 'accepted', 'rejected'];
const FILTERS = ['since', 'until', 'kind', 'mode', 'country', 'place', 'group',
  'size_min', 'size_max', 'q', 'status'];
const EXPORTS = [['csv', 'CSV'], ['jsonl', 'JSONL'], ['geojson', 'GeoJSON'],
  ['plover', 'PLOVER'], ['acled', 'ACLED CSV']];
const PAGE_SIZE = 100;
const SVG = 'http://www.w3.org/2000/svg';

// Kinds fall in three families, which the map and table colour alike.
function family(kind) {
  if (kind === 'protest') return 'protest';
  if (kind.startsWith('permit') || kind === 'ban' || kind === 'official_meeting') return 'permit';
  return 'repression';
}

// ---------------------------------------------------------------- DOM

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  el.append(...flat(children));
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  el.append(...flat(children));
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

// Strings become text nodes (Element.append never parses markup).
function flat(children) {
  return children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : String(c)));
}

const $ = (selector) => document.querySelector(selector);
const fmt = new Intl.NumberFormat('en');
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code) {
  if (!code) return '';
  try { return regionNames.of(code) || code; } catch { return code; }
}

function range(value) {
  if (!value || value.low === undefined || value.low === null) return '';
  const low = fmt.format(value.low);
  if (value.high === undefined || value.high === null) return `${low}+`;
  return value.high === value.low ? low : `${low}–${fmt.format(value.high)}`;
}

function dates(date) {
  if (!date || !date.start) return 'undated';
  return date.end && date.end !== date.start ? `${date.start} – ${date.end}` : date.start;
}

// Links to an article are kept only when they are web addresses.
function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}

// ---------------------------------------------------------------- API

const tokenStore = {
  get: () => sessionStorage.getItem('placard-token') || '',
  set: (value) => (value ? sessionStorage.setItem('placard-token', value)
    : sessionStorage.removeItem('placard-token')),
};

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function authHeaders() {
  const token = tokenStore.get();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = authHeaders();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const error = data && data.error;
    throw new ApiError(response.status, error ? error.code : 'http',
      error ? error.message : `the server answered ${response.status}`);
  }
  return data;
}

function notice(message) {
  const el = $('#notice');
  el.hidden = !message;
  el.textContent = message || '';
}

function explain(error) {
  if (error instanceof ApiError && error.status === 401) {
    return `${error.message}. Paste a token in the box at the top.`;
  }
  return error.message || String(error);
}

// ---------------------------------------------------------------- routing

// Marks a page as drawn: browser tests wait for the attribute, and the
// first mark times the first render.
function ready(page) {
  document.body.dataset.ready = page;
  if (!performance.getEntriesByName('placard-first-render').length) {
    performance.mark('placard-first-render');
  }
}

// Each render bumps this; an answer arriving for an older render is dropped.
let generation = 0;
let lastListHash = '#/';

function route() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const cut = raw.indexOf('?');
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const params = new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1));
  const match = path.match(/^\/event\/(.+)$/);
  generation += 1;
  notice('');
  if (match) {
    showEvent(decodeURIComponent(match[1]), generation);
  } else if (path === '/audit') {
    showAudit(generation);
  } else {
    lastListHash = location.hash || '#/';
    showList(params, generation);
  }
}

// ---------------------------------------------------------------- list page

function filterQuery(params) {
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = (params.get(name) || '').trim();
    if (value) query.set(name, value);
  }
  return query;
}

function select(name, label, options, current) {
  return h('label', {}, label,
    h('select', { name },
      h('option', { value: '' }, 'any'),
      options.map(([value, text]) => h('option', { value, selected: value === current }, text))));
}

function input(name, label, current, attrs = {}) {
  return h('label', {}, label, h('input', { name, value: current || '', ...attrs }));
}

function filterForm(query, countries) {
  const form = h('form', { class: 'filters', id: 'filters' },
    input('since', 'From', query.get('since'), { type: 'date' }),
    input('until', 'To', query.get('until'), { type: 'date' }),
    select('kind', 'Kind', KINDS.map((k) => [k, k.replace('_', ' ')]), query.get('kind') || ''),
    select('country', 'Country', countries, (query.get('country') || '').toUpperCase()),
    input('place', 'Place', query.get('place'), { type: 'search' }),
    input('group', 'Actor group', query.get('group'), { type: 'search' }),
    input('size_min', 'Size ≥', query.get('size_min'), { type: 'number', min: 0 }),
    input('size_max', 'Size ≤', query.get('size_max'), { type: 'number', min: 0 }),
    input('q', 'Text', query.get('q'), { type: 'search' }),
    select('status', 'Review', STATUSES.map((x) => [x, x]), query.get('status') || ''),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Filter'),
      h('a', { href: '#/', class: 'button' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (String(value).trim()) chosen.set(name, String(value).trim());
    }
    // The timeline keeps counting per day if it did.
    if (new URLSearchParams(location.hash.split('?')[1] || '').get('bucket') === 'day') {
      chosen.set('bucket', 'day');
    }
    const text = chosen.toString();
    location.hash = text ? `#/?${text}` : '#/';
  });
  return form;
}

function countryOptions(stats, current) {
  const codes = new Set(stats.by_country.map((c) => c.key).filter(Boolean));
  if (current) codes.add(current.toUpperCase());
  return [...codes].sort().map((code) => [code, `${countryName(code)} (${code})`]);
}

// The unfiltered counts fill the country list; asked for once.
let allStats = null;

function fillCountries(stats) {
  const box = $('#filters select[name=country]');
  if (!box) return;
  const current = box.value;
  box.replaceChildren(h('option', { value: '' }, 'any'),
    ...countryOptions(stats, current).map(([value, text]) =>
      h('option', { value, selected: value === current }, text)));
}

// The page is drawn as soon as the first page of events is in (table and
// map); the counts (total, timeline, country list) follow when they come,
// since on a big database they take longest.
async function showList(params, gen) {
  const query = filterQuery(params);
  const view = $('#view');
  const filtered = query.toString();
  // Per week unless the hash asks for days (the toggle beside the title).
  const bucket = params.get('bucket') === 'day' ? 'day' : 'week';
  const statsPromise = api(`/api/stats?${filtered}${filtered ? '&' : ''}bucket=${bucket}`);
  statsPromise.catch(() => {});
  const atlasPromise = loadAtlas().catch(() => null);
  let page;
  try {
    page = await api(`/api/events?${filtered}${filtered ? '&' : ''}limit=${PAGE_SIZE}`);
  } catch (error) {
    if (gen !== generation) return;
    view.replaceChildren(filterForm(query, []));
    notice(explain(error));
    return;
  }
  const atlas = await atlasPromise;
  if (gen !== generation) return;
  const countries = countryOptions(allStats || { by_country: [] }, query.get('country'));

  const events = [...page.events];
  let total = null;
  const mapBox = h('div', { class: 'map', id: 'map' });
  const rows = h('tbody', {});
  const more = h('button', { type: 'button', id: 'more', hidden: !page.next_cursor }, 'More events');
  const shown = h('span', { id: 'shown' });
  const count = h('span', { id: 'total' }, 'counting events…');
  const timelineTitle = h('h2', {}, 'Timeline');
  const other = bucket === 'day' ? 'week' : 'day';
  const toggleQuery = new URLSearchParams(query);
  if (other === 'day') toggleQuery.set('bucket', 'day');
  const bucketToggle = h('a', { href: `#/?${toggleQuery}`, id: 'bucket-toggle', class: 'toggle' }, `per ${other}`);
  const timelineBox = h('div', { id: 'timeline' }, h('p', { class: 'muted' }, 'counting…'));

  const redraw = () => {
    drawMap(mapBox, atlas, events);
    shown.textContent = total === null ? `${fmt.format(events.length)} shown`
      : `${fmt.format(events.length)} of ${fmt.format(total)} shown`;
  };
  let cursor = page.next_cursor;
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await api(`/api/events?${filtered}${filtered ? '&' : ''}limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`);
      if (gen !== generation) return;
      events.push(...next.events);
      rows.append(...next.events.map(eventRow));
      cursor = next.next_cursor;
      more.hidden = !cursor;
      redraw();
    } catch (error) {
      notice(explain(error));
    } finally {
      more.disabled = false;
    }
  });
  rows.append(...events.map(eventRow));

  view.replaceChildren(
    filterForm(query, countries),
    h('p', { class: 'summary', id: 'summary' },
      count, ' · ', 'download: ',
      EXPORTS.map(([format, label], i) => [i ? ', ' : '', exportLink(format, label, filtered)])),
    h('div', { class: 'charts' },
      h('section', { class: 'panel' },
        h('h2', {}, 'Map'),
        mapBox,
        h('p', { class: 'muted legend' },
          h('span', { class: 'dot protest' }), ' protest ',
          h('span', { class: 'dot permit' }), ' permit, ban or meeting ',
          h('span', { class: 'dot repression' }), ' police, arrests, force, prosecution',
          ' · circle area by crowd size (hollow: no size reported) · the events in the table')),
      h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, timelineTitle, bucketToggle), timelineBox)),
    h('section', { class: 'panel' },
      h('h2', {}, 'Events'),
      h('table', { class: 'events', id: 'events' },
        h('thead', {}, h('tr', {},
          ['Date', 'Kind', 'Place', 'Size', 'Detained', 'Claims', 'Sources', 'Review']
            .map((name) => h('th', {}, name)))),
        rows),
      h('p', {}, shown, ' ', more)));
  redraw();
  ready('list');

  let stats;
  try {
    stats = await statsPromise;
  } catch (error) {
    if (gen === generation) notice(explain(error));
    return;
  }
  if (gen !== generation) return;
  total = stats.total;
  count.textContent = `${fmt.format(stats.total)} events match`;
  timelineTitle.textContent = `Timeline (events per ${stats.bucket})`;
  timelineBox.replaceChildren(timeline(stats, query));
  redraw();
  if (!filtered) allStats = stats;
  if (allStats) {
    fillCountries(allStats);
  } else {
    api('/api/stats').then((all) => {
      allStats = all;
      if (gen === generation) fillCountries(all);
    }).catch(() => {});
  }
  document.body.dataset.stats = 'drawn';
  if (!performance.getEntriesByName('placard-counts-drawn').length) {
    performance.mark('placard-counts-drawn');
  }
}

function eventRow(event) {
  const place = event.place;
  const link = `#/event/${encodeURIComponent(event.event_id)}`;
  return h('tr', { 'data-event-id': event.event_id, 'data-country': place ? place.country || '' : '' },
    h('td', {}, h('a', { href: link }, dates(event.date))),
    h('td', {}, h('span', { class: `kind ${family(event.kind)}` }, event.kind.replace('_', ' ')),
      event.mode ? ` (${event.mode})` : ''),
    h('td', {}, place ? [h('a', { href: link }, place.name || place.text),
      place.country ? h('span', { class: 'muted' }, ` ${place.country}`) : ''] : '—'),
    h('td', { class: 'num' }, range(event.size)),
    h('td', { class: 'num' }, range(event.detained)),
    h('td', { class: 'claims' }, (event.claims || []).slice(0, 2).join(' · ')),
    h('td', { class: 'num', title: `${event.reports.length} reports from ${event.publishers.length} publishers` },
      `${event.independent_sources} / ${event.reports.length}`),
    h('td', {}, h('span', { class: `status ${event.status}` }, event.status)));
}

// Exports are plain links when reading is public; with a token the file is
// fetched with it and handed to the browser as a download.
function exportLink(format, label, filtered) {
  const href = `/api/export?format=${format}${filtered ? `&${filtered}` : ''}`;
  return h('a', {
    href,
    class: 'export',
    'data-format': format,
    onclick: async (event) => {
      if (!tokenStore.get()) return;
      event.preventDefault();
      try {
        const response = await fetch(href, { headers: authHeaders() });
        if (!response.ok) throw new ApiError(response.status, 'http', `export failed (${response.status})`);
        const url = URL.createObjectURL(await response.blob());
        const a = h('a', { href: url, download: `placard-events.${format}` });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } catch (error) {
        notice(explain(error));
      }
    },
  }, label);
}

// ---------------------------------------------------------------- map

let atlasRequest = null;

function loadAtlas() {
  atlasRequest = atlasRequest || fetch('/assets/countries-50m.json')
    .then((response) => response.json()).then(decodeTopology);
  return atlasRequest;
}

// TopoJSON to SVG path data in degrees (x = longitude + 180, y = 90 −
// latitude). Arcs are delta-encoded integers scaled by the transform; a
// negative arc index means the arc reversed (~index).
function decodeTopology(topology) {
  const [kx, ky] = topology.transform.scale;
  const [dx, dy] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([ax, ay]) => {
      x += ax;
      y += ay;
      return [x * kx + dx, y * ky + dy];
    });
  });
  const ring = (indexes) => {
    const points = [];
    for (const index of indexes) {
      const arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
      for (let i = points.length ? 1 : 0; i < arc.length; i += 1) points.push(arc[i]);
    }
    // A ring that crosses the antimeridian (Chukotka, Fiji) is moved east
    // in one piece instead of being drawn as a band across the world.
    let crosses = false;
    for (let i = 1; i < points.length; i += 1) {
      if (Math.abs(points[i][0] - points[i - 1][0]) > 180) crosses = true;
    }
    const shifted = crosses ? points.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : points;
    return `M${shifted.map(([lon, lat]) => `${(lon + 180).toFixed(2)},${(90 - lat).toFixed(2)}`).join('L')}Z`;
  };
  return topology.objects.countries.geometries.map((geometry) => {
    const polygons = geometry.type === 'Polygon' ? [geometry.arcs]
      : geometry.type === 'MultiPolygon' ? geometry.arcs : [];
    return {
      name: geometry.properties ? geometry.properties.name : '',
      d: polygons.map((polygon) => polygon.map(ring).join('')).join(''),
    };
  });
}

function eventSize(event) {
  return event.size ? event.size.low || 0 : 0;
}

// An equirectangular map framed on the events, with x shrunk by the cosine
// of the middle latitude so that shapes keep roughly their proportions.
function drawMap(box, atlas, events) {
  const located = events.filter((e) => e.place && typeof e.place.lat === 'number');
  let west = -170;
  let east = 190;
  let north = 80;
  let south = -58;
  if (located.length) {
    west = Math.min(...located.map((e) => e.place.lon));
    east = Math.max(...located.map((e) => e.place.lon));
    north = Math.max(...located.map((e) => e.place.lat));
    south = Math.min(...located.map((e) => e.place.lat));
    const padX = Math.max(12 - (east - west) / 2, 0) + (east - west) * 0.15;
    const padY = Math.max(6 - (north - south) / 2, 0) + (north - south) * 0.15;
    west -= padX;
    east += padX;
    north = Math.min(north + padY, 85);
    south = Math.max(south - padY, -85);
  }
  const squeeze = Math.max(Math.cos(((north + south) / 2) * (Math.PI / 180)), 0.3);
  const x = (lon) => (lon + 180) * squeeze;
  const y = (lat) => 90 - lat;
  const width = x(east) - x(west);
  const height = y(south) - y(north);
  const svg = s('svg', {
    viewBox: `${x(west)} ${y(north)} ${width} ${height}`,
    preserveAspectRatio: 'xMidYMid meet',
    role: 'img',
    'aria-label': `map of ${located.length} events`,
  });
  if (atlas) {
    svg.append(s('g', { class: 'countries', transform: `scale(${squeeze} 1)` },
      atlas.map((country) => s('path', { d: country.d }, s('title', {}, country.name)))));
  } else {
    svg.append(s('text', { x: x(west) + width / 2, y: y(north) + height / 2, class: 'muted' }, 'basemap unavailable'));
  }
  const base = width / 160;
  const biggest = Math.max(1, ...located.map(eventSize));
  const markers = located.slice().sort((a, b) => eventSize(b) - eventSize(a));
  svg.append(s('g', { class: 'markers' }, markers.map((event) => {
    const size = eventSize(event);
    const radius = base * (1 + 5 * Math.sqrt(size / biggest));
    return s('circle', {
      cx: x(event.place.lon).toFixed(3),
      cy: y(event.place.lat).toFixed(3),
      r: radius.toFixed(3),
      'stroke-width': (base / 3).toFixed(3),
      class: `marker ${family(event.kind)}${size ? '' : ' unsized'}`,
      'data-event-id': event.event_id,
      onclick: () => { location.hash = `#/event/${encodeURIComponent(event.event_id)}`; },
    }, s('title', {}, `${event.kind} · ${event.place.name} · ${dates(event.date)}${size ? ` · ${range(event.size)} people` : ''}`));
  })));
  box.replaceChildren(svg);
}

// ---------------------------------------------------------------- timeline

const DAY = 86400000;

function timeline(stats, query) {
  const periods = stats.by_period;
  if (!periods.length) return h('p', { class: 'muted' }, 'No dated events.');
  const step = stats.bucket === 'day' ? DAY : 7 * DAY;
  const time = (key) => Date.parse(`${key}T00:00:00Z`);
  const first = time(periods[0].key);
  const last = time(periods[periods.length - 1].key) + step;
  // At least a dozen periods wide, so that one busy week is not a wall.
  const span = Math.max(last - first, 12 * step);
  const width = 600;
  const height = 160;
  const top = 14;
  const bottom = 22;
  const most = Math.max(...periods.map((p) => p.n));
  const barWidth = Math.max((step / span) * width, 2);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline', role: 'img',
    'aria-label': `events per ${stats.bucket}` });
  svg.append(s('text', { x: 0, y: 10, class: 'axis' }, `${most} max`));
  for (const period of periods) {
    const left = ((time(period.key) - first) / span) * width;
    const tall = (period.n / most) * (height - top - bottom);
    const end = new Date(time(period.key) + step - DAY).toISOString().slice(0, 10);
    const next = new URLSearchParams(query);
    next.set('since', period.key);
    next.set('until', end);
    svg.append(s('rect', {
      x: left.toFixed(2), y: (height - bottom - tall).toFixed(2),
      width: barWidth.toFixed(2), height: tall.toFixed(2), class: 'bar',
      'data-period': period.key,
      onclick: () => { location.hash = `#/?${next}`; },
    }, s('title', {}, `${stats.bucket} of ${period.key}: ${period.n} events`)));
  }
  // Year ticks when the range spans years, else the first and last period.
  const startYear = new Date(first).getUTCFullYear();
  const endYear = new Date(last).getUTCFullYear();
  const ticks = endYear > startYear
    ? Array.from({ length: endYear - startYear + 1 }, (_, i) => [Date.UTC(startYear + i, 0, 1), String(startYear + i)])
      .filter(([t]) => t >= first && t <= last)
    : [[first, periods[0].key], [last - step, periods[periods.length - 1].key]];
  for (const [t, label] of ticks) {
    const left = ((t - first) / span) * width;
    svg.append(s('line', { x1: left, x2: left, y1: height - bottom, y2: height - bottom + 4, class: 'tick' }));
    svg.append(s('text', { x: Math.min(left, width - 60), y: height - 6, class: 'axis' }, label));
  }
  svg.append(s('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, class: 'tick' }));
  return svg;
}

// ---------------------------------------------------------------- event page

const backLink = () => h('p', {}, h('a', { href: lastListHash }, '← events'));

// A page's data, or null: after a failure (shown under a link back to the
// events) or when a newer render has started meanwhile.
async function loadPage(path, gen) {
  try {
    const data = await api(path);
    return gen === generation ? data : null;
  } catch (error) {
    if (gen === generation) {
      $('#view').replaceChildren(backLink());
      notice(explain(error));
    }
    return null;
  }
}

// The fields of a report whose words are highlighted, by name.
function reportSpans(report) {
  const spans = [];
  const add = (field, value) => {
    if (value && Array.isArray(value.span)) spans.push({ field, start: value.span[0], end: value.span[1] });
  };
  for (const [start, end] of report.evidence || []) spans.push({ field: 'evidence', start, end });
  add('place', report.place);
  add('date', report.date);
  add('size', report.size);
  add('detained', report.detained);
  add('actor', report.actor);
  add('target', report.target);
  add('reason', report.reason);
  for (const claim of report.claims || []) add('claim', claim);
  for (const condition of report.conditions || []) add('condition', condition);
  for (const source of report.sources || []) add('source', source);
  return spans;
}

// The article text with every span marked. Offsets count characters
// (Unicode scalar values), so the text is split by code point, not by
// JavaScript's UTF-16 units. Where spans nest, the shortest names the mark
// and its title lists them all.
function highlighted(text, spans) {
  const chars = Array.from(text);
  const owner = new Array(chars.length).fill(null);
  const all = new Array(chars.length).fill(null);
  const longestFirst = spans.slice().sort((a, b) => (b.end - b.start) - (a.end - a.start));
  for (const span of longestFirst) {
    for (let i = Math.max(span.start, 0); i < Math.min(span.end, chars.length); i += 1) {
      owner[i] = span.field;
      all[i] = all[i] ? (all[i].includes(span.field) ? all[i] : `${span.field}, ${all[i]}`) : span.field;
    }
  }
  const out = h('div', { class: 'article-text' });
  let i = 0;
  while (i < chars.length) {
    let j = i + 1;
    while (j < chars.length && owner[j] === owner[i] && all[j] === all[i]) j += 1;
    const piece = chars.slice(i, j).join('');
    out.append(owner[i]
      ? h('mark', { class: `f-${owner[i]}`, 'data-fields': all[i].split(', ').join(' '), title: all[i] }, piece)
      : piece);
    i = j;
  }
  return out;
}

// Publisher → cited outlet → unnamed source. The publisher heads the chain
// even where the report names only whom it cites.
function sourceChain(report) {
  const sources = (report.sources || []).slice();
  if (report.publisher && !(sources[0] && sources[0].type === 'publisher')) {
    sources.unshift({ type: 'publisher', name: report.publisher });
  }
  if (!sources.length) return h('span', { class: 'muted' }, 'no source named');
  return h('span', { class: 'chain' }, sources.map((source, i) => [
    i ? h('span', { class: 'arrow' }, ' → ') : '',
    h('span', { class: `source ${source.type}` },
      source.name || source.description || 'unnamed source',
      h('span', { class: 'muted' }, ` (${source.type})`))]));
}

function field(label, ...value) {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

function eventLink(id) {
  return h('a', { href: `#/event/${encodeURIComponent(id)}` }, id);
}

async function showEvent(id, gen) {
  const view = $('#view');
  const detail = await loadPage(`/api/events/${encodeURIComponent(id)}`, gen);
  if (!detail) return;
  const { event, reports, articles } = detail;
  const articleOf = new Map(articles.map((a) => [a.id, a]));
  const place = event.place;
  const review = reviewPanel(event, reports);

  view.replaceChildren(
    backLink(),
    h('h1', { id: 'event-title' },
      h('span', { class: `kind ${family(event.kind)}` }, event.kind.replace('_', ' ')),
      event.mode ? ` (${event.mode})` : '',
      ' · ', place ? `${place.name}${place.country ? `, ${countryName(place.country)}` : ''}` : 'no place',
      ' · ', dates(event.date), ' ',
      h('span', { class: `status ${event.status}`, id: 'event-status' }, event.status)),
    h('div', { class: 'columns' },
      h('section', { class: 'panel' },
        h('h2', {}, 'The event, reconciled'),
        h('dl', { class: 'fields', id: 'event-fields' },
          field('Id', event.event_id),
          field('Date', dates(event.date), event.date ? h('span', { class: 'muted' }, ` (${event.date.precision})`) : ''),
          field('Place', place ? `${place.name}${place.admin1 ? `, ${place.admin1}` : ''}${place.country ? `, ${place.country}` : ''}` : '—',
            place && typeof place.lat === 'number' ? h('span', { class: 'muted' }, ` (${place.lat}, ${place.lon}; ${place.precision})`) : ''),
          field('Size', h('span', { id: 'event-size' }, range(event.size) || '—')),
          field('Detained', range(event.detained) || '—'),
          field('Actors', (event.actor_groups || []).join(', ') || '—'),
          field('Claims', event.claims.length ? h('ul', {}, event.claims.map((c) => h('li', {}, c))) : '—'),
          field('Reasons given', event.reasons.length ? h('ul', {}, event.reasons.map((c) => h('li', {}, c))) : '—'),
          field('Conditions', event.conditions.length ? h('ul', {}, event.conditions.map((c) => h('li', {}, c))) : '—'),
          field('Publishers', event.publishers.join(', ')),
          field('Independent sources', String(event.independent_sources),
            event.source_roots && event.source_roots.length ? h('span', { class: 'muted' }, ` (${event.source_roots.join(', ')})`) : ''),
          field('Answers', event.response_to.length ? event.response_to.map((r, i) => [i ? ', ' : '', eventLink(r)]) : '—'))),
      review),
    disagreements(event, reports),
    h('section', { class: 'panel' },
      h('h2', {}, `Reports (${reports.length})`),
      h('p', { class: 'muted legend' }, 'Highlighted: ',
        ['evidence', 'place', 'date', 'size', 'detained', 'actor', 'target', 'claim', 'reason', 'condition', 'source']
          .map((f) => [h('mark', { class: `f-${f}` }, f), ' '])),
      reports.map((report) => reportCard(report, articleOf.get(report.article_id), event))));
  ready('event');
}

// Where reports disagree: each report's own values beside the event's.
function disagreements(event, reports) {
  const cell = (value, eventValue) => h('td', { class: value !== eventValue ? 'differs' : '' }, value || '—');
  return h('section', { class: 'panel' },
    h('h2', {}, 'What each report says'),
    h('table', { class: 'compare', id: 'compare' },
      h('thead', {}, h('tr', {}, ['Publisher', 'Kind', 'Date', 'Place', 'Size', 'Detained', 'Modality']
        .map((name) => h('th', {}, name)))),
      h('tbody', {}, reports.map((r) => h('tr', { 'data-report-id': r.report_id },
        h('td', {}, r.publisher || '—'),
        cell(r.kind, event.kind),
        cell(dates(r.date), dates(event.date)),
        cell(r.place ? r.place.name || r.place.text : '', event.place ? event.place.name : ''),
        h('td', { class: 'num' }, r.size ? `${range(r.size)} “${r.size.text}”` : '—'),
        h('td', { class: 'num' }, r.detained ? `${range(r.detained)} “${r.detained.text}”` : '—'),
        h('td', {}, r.modality || '')))),
      h('tfoot', {}, h('tr', {},
        h('td', {}, 'event'), h('td', {}, event.kind), h('td', {}, dates(event.date)),
        h('td', {}, event.place ? event.place.name : '—'),
        h('td', { class: 'num' }, range(event.size) || '—'),
        h('td', { class: 'num' }, range(event.detained) || '—'), h('td', {}, '')))));
}

function reportCard(report, article, event) {
  const url = article && safeUrl(article.url);
  return h('article', { class: 'report', 'data-report-id': report.report_id },
    h('header', {},
      h('strong', {}, report.publisher || 'unknown publisher'), ' · ',
      article && article.title ? (url ? h('a', { href: url, rel: 'noopener noreferrer' }, article.title) : article.title) : report.article_id,
      article && article.published ? h('span', { class: 'muted' }, ` · ${article.published}`) : '',
      article && article.language ? h('span', { class: 'muted' }, ` · ${article.language}`) : '',
      h('span', { class: 'muted' }, ` · ${report.kind}${report.mode ? ` (${report.mode})` : ''}, ${report.modality}, confidence ${Number(report.confidence).toFixed(2)}`)),
    h('p', { class: 'sources' }, 'Source chain: ', sourceChain(report)),
    article ? highlighted(article.text, reportSpans(report)) : h('p', { class: 'muted' }, 'article text not stored'),
    h('p', { class: 'muted trace' }, `rules: ${(report.trace || []).join(', ')}`),
    event.reports.length > 1
      ? h('button', { type: 'button', class: 'split', onclick: () => act(event.event_id, 'split', { report_id: report.report_id }) },
        'Split this report off')
      : '');
}

// ---------------------------------------------------------------- review

// What the last review action did, shown once by the next review panel.
let saved = null;

function reviewPanel(event) {
  const message = h('p', { id: 'review-message', role: 'status', class: saved ? 'ok' : '' }, saved || '');
  saved = null;
  const editor = editForm(event);
  const other = h('input', { name: 'other', placeholder: 'event id', spellcheck: 'false' });
  return h('section', { class: 'panel review', id: 'review' },
    h('h2', {}, 'Review'),
    h('p', { class: 'muted' }, tokenStore.get() ? 'Decisions are recorded under your token.'
      : 'Review needs a coder token (top right).'),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', id: 'accept', onclick: () => act(event.event_id, 'accept') }, 'Accept'),
      h('button', { type: 'button', id: 'reject', onclick: () => act(event.event_id, 'reject') }, 'Reject')),
    editor,
    h('form', {
      class: 'merge',
      onsubmit: (e) => { e.preventDefault(); act(event.event_id, 'merge', { other: other.value.trim() }); },
    }, h('label', {}, 'Merge with ', other), h('button', { type: 'submit' }, 'Merge')),
    message);
}

// One form; its inputs follow the chosen field.
function editForm(event) {
  const inputs = h('span', { class: 'edit-inputs' });
  const choice = h('select', { name: 'field', id: 'edit-field' },
    [['size', 'size'], ['date', 'date'], ['place_name', 'place name'], ['kind', 'kind'], ['mode', 'mode']]
      .map(([value, label]) => h('option', { value }, label)));
  const fill = () => {
    const name = choice.value;
    if (name === 'size') {
      inputs.replaceChildren(
        h('input', { name: 'low', type: 'number', min: 0, placeholder: 'low', value: event.size ? event.size.low : '' }),
        h('input', { name: 'high', type: 'number', min: 0, placeholder: 'high', value: event.size ? event.size.high : '' }));
    } else if (name === 'date') {
      inputs.replaceChildren(
        h('input', { name: 'start', type: 'date', value: event.date ? event.date.start : '' }),
        h('input', { name: 'end', type: 'date', value: event.date ? event.date.end : '' }));
    } else if (name === 'kind') {
      inputs.replaceChildren(h('select', { name: 'value' },
        KINDS.map((k) => h('option', { value: k, selected: k === event.kind }, k))));
    } else {
      const current = name === 'mode' ? event.mode : event.place && event.place.name;
      inputs.replaceChildren(h('input', { name: 'value', value: current || '', placeholder: name === 'mode' ? 'empty for none' : '' }));
    }
  };
  choice.addEventListener('change', fill);
  fill();
  const form = h('form', { class: 'edit', id: 'edit-form' },
    h('label', {}, 'Edit ', choice), inputs, h('button', { type: 'submit' }, 'Save edit'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    const body = { field: values.field };
    if (values.field === 'size') {
      body.low = Number(values.low);
      body.high = Number(values.high);
    } else if (values.field === 'date') {
      body.start = values.start;
      body.end = values.end;
    } else if (values.field === 'mode') {
      body.value = values.value.trim() || null;
    } else {
      body.value = values.value.trim();
    }
    act(event.event_id, 'edit', body);
  });
  return form;
}

async function act(eventId, action, body) {
  const message = $('#review-message');
  message.className = '';
  message.textContent = `${action}…`;
  try {
    const outcome = await api(`/api/events/${encodeURIComponent(eventId)}/${action}`, { method: 'POST', body });
    const next = outcome.event && outcome.event.event_id;
    const target = `#/event/${encodeURIComponent(next || eventId)}`;
    // The page is drawn anew (the event may have a new id); its review
    // panel says what was done.
    saved = `${action}: saved (decision ${outcome.decision_id}, audit entry ${outcome.audit_id})`;
    if (location.hash === target) route(); else location.hash = target;
  } catch (error) {
    message.className = 'error';
    message.textContent = error instanceof ApiError && error.status === 401
      ? `Refused: ${error.message}` : `Refused: ${explain(error)}`;
  }
}

// ---------------------------------------------------------------- audit log

// What a decision changed in its event, field by field.
function changes(before, after) {
  if (!before || !after) return '';
  const shown = {
    status: (e) => e.status,
    kind: (e) => e.kind,
    mode: (e) => e.mode || '—',
    date: (e) => dates(e.date),
    place: (e) => (e.place ? e.place.name : '—'),
    size: (e) => range(e.size) || '—',
    reports: (e) => `${e.reports.length} reports`,
  };
  return Object.entries(shown)
    .filter(([, get]) => get(before) !== get(after))
    .map(([name, get]) => `${name}: ${get(before)} → ${get(after)}`)
    .join('; ');
}

async function showAudit(gen) {
  const view = $('#view');
  const entries = await loadPage('/api/audit?limit=200', gen);
  if (!entries) return;
  view.replaceChildren(
    backLink(),
    h('section', { class: 'panel' },
      h('h2', {}, `Audit log (newest first, ${entries.length} shown)`),
      h('table', { id: 'audit' },
        h('thead', {}, h('tr', {}, ['When (UTC)', 'Who', 'Action', 'Event', 'What changed']
          .map((name) => h('th', {}, name)))),
        h('tbody', {}, entries.map((entry) => {
          const before = Array.isArray(entry.before) ? entry.before[0] : null;
          const after = entry.after && entry.after.event_id ? entry.after : null;
          return h('tr', { 'data-audit-id': entry.audit_id },
            h('td', {}, entry.at),
            h('td', {}, entry.who),
            h('td', {}, entry.action),
            h('td', {}, entry.event_id ? eventLink(after ? after.event_id : entry.event_id) : '—'),
            h('td', { class: 'change' }, changes(before, after)));
        })))));
  ready('audit');
}

// ---------------------------------------------------------------- start

function tokenForm() {
  const form = $('#token-form');
  const box = $('#token-input');
  const state = $('#token-state');
  const show = () => { state.textContent = tokenStore.get() ? 'token in use' : 'no token'; };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    tokenStore.set(box.value.trim());
    box.value = '';
    show();
    route();
  });
  $('#token-forget').addEventListener('click', () => {
    tokenStore.set('');
    show();
    route();
  });
  show();
}

tokenForm();
window.addEventListener('hashchange', route);
route();
