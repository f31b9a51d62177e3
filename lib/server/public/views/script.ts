// The public pages' one script, served from the snapshot under a content-hashed name (never
// inline: the pages' CSP allows scripts from this host only). Everything works without it; it
// adds keyboard navigation to the uptime bars, remembers the region picker in localStorage and
// keeps an open page current (see live()).
export const PUBLIC_JS = `(function () {
  'use strict';
  var REGION_KEY = 'candor-region';
  var COOKIE = 'candor_region';

  function remember(slug) {
    try {
      if (slug && slug !== 'all') localStorage.setItem(REGION_KEY, slug);
      else localStorage.removeItem(REGION_KEY);
    } catch (e) {}
  }
  function remembered() {
    try { return localStorage.getItem(REGION_KEY); } catch (e) { return null; }
  }

  // The region picker: the cookie (set by /region) does the work without JavaScript; localStorage
  // keeps the choice when the cookie is gone, and follows every explicit choice.
  function regionPicker() {
    var form = document.querySelector('form.picker');
    if (form) form.addEventListener('submit', function () { remember(form.elements.r.value); });
    document.addEventListener('click', function (event) {
      var link = event.target instanceof Element ? event.target.closest('a[href^="/region?"]') : null;
      if (link) remember(new URL(link.href).searchParams.get('r'));
    });
    var match = document.cookie.match(/(?:^|;\\s*)candor_region=([^;]+)/);
    if (match) { remember(decodeURIComponent(match[1])); return; }
    var saved = remembered();
    if (location.pathname !== '/' || !saved || !form) return;
    var known = Array.prototype.some.call(form.elements.r.options, function (o) { return o.value === saved && saved !== 'all'; });
    if (known) location.replace('/region?r=' + encodeURIComponent(saved));
    else remember(null);
  }

  // The 90-day bars: one tab stop per row (roving tabindex). Arrow keys move between days,
  // Home and End jump to the ends, and a day's popover opens when the day gets keyboard focus.
  function uptimeBars(bars) {
    var days = Array.prototype.slice.call(bars.querySelectorAll('button[popovertarget]'));
    if (days.length === 0 || typeof HTMLElement.prototype.showPopover !== 'function') return;
    bars.setAttribute('role', 'toolbar');
    bars.classList.add('enhanced');
    var pointer = false;
    function popoverOf(day) { return document.getElementById(day.getAttribute('popovertarget')); }
    function place(day, pop) {
      var r = day.getBoundingClientRect();
      var vw = document.documentElement.clientWidth;
      var vh = window.innerHeight;
      pop.style.left = pop.style.right = pop.style.top = pop.style.bottom = 'auto';
      if (r.left + r.width / 2 < vw / 2) pop.style.left = Math.max(8, r.left) + 'px';
      else pop.style.right = Math.max(8, vw - r.right) + 'px';
      if (r.bottom < vh * 0.6) pop.style.top = r.bottom + 6 + 'px';
      else pop.style.bottom = vh - r.top + 6 + 'px';
    }
    function open(day) {
      var pop = popoverOf(day);
      if (!pop) return;
      place(day, pop);
      if (!pop.matches(':popover-open')) pop.showPopover();
    }
    function focusDay(index) {
      var day = days[Math.max(0, Math.min(days.length - 1, index))];
      day.focus();
    }
    var shown = null;
    days.forEach(function (day) {
      var pop = popoverOf(day);
      if (pop) pop.addEventListener('beforetoggle', function (event) {
        if (event.newState === 'open') { place(day, pop); shown = day; }
        else if (shown === day) shown = null;
      });
    });
    // The popover is fixed to the viewport: keep it next to its day while the page scrolls.
    function follow() {
      var pop = shown && popoverOf(shown);
      if (pop && pop.matches(':popover-open')) place(shown, pop);
    }
    window.addEventListener('scroll', follow, { passive: true });
    window.addEventListener('resize', follow);
    bars.addEventListener('pointerdown', function () { pointer = true; });
    bars.addEventListener('click', function () { pointer = false; });
    // Space would click on key up, toggling the popover that its key down opened.
    bars.addEventListener('keyup', function (event) { if (event.key === ' ' && days.indexOf(event.target) >= 0) event.preventDefault(); });
    bars.addEventListener('focusin', function (event) {
      var day = event.target;
      var index = days.indexOf(day);
      if (index < 0) return;
      days.forEach(function (d) { d.tabIndex = d === day ? 0 : -1; });
      // A click toggles the popover itself; opening it on focus too would close it again.
      if (!pointer) open(day);
      pointer = false;
    });
    bars.addEventListener('focusout', function (event) {
      var next = event.relatedTarget;
      if (next && !bars.contains(next)) {
        var shown = bars.querySelector('[popover]:popover-open');
        if (shown) shown.hidePopover();
      }
    });
    bars.addEventListener('keydown', function (event) {
      var index = days.indexOf(event.target);
      if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      var key = event.key;
      if (key === 'ArrowRight') focusDay(index + 1);
      else if (key === 'ArrowLeft') focusDay(index - 1);
      else if (key === 'Home') focusDay(0);
      else if (key === 'End') focusDay(days.length - 1);
      else if (key === 'Enter' || key === ' ') open(days[index]);
      else return;
      event.preventDefault();
    });
  }

  // Live page: each minute, the small status JSON the body names (served from the snapshot, like
  // the page). When its change key differs from the page's, the page is fetched again and its main
  // part and footer are swapped in place; otherwise only the "as of" time moves on. A failed
  // request is tried again a minute later. Key: v2.ts refreshKey.
  var REFRESH_MS = 60000;
  function live() {
    var body = document.body;
    var source = body.getAttribute('data-refresh');
    if (!source || typeof fetch !== 'function' || typeof DOMParser !== 'function') return;
    var busy = false;
    var last = Date.now();
    function asOf(iso) {
      var footer = document.querySelector('footer.site');
      var time = footer && footer.querySelector('.as-of time');
      if (!time || !iso) return;
      var at = new Date(iso);
      if (isNaN(at.getTime())) return;
      try {
        time.textContent = new Intl.DateTimeFormat(footer.getAttribute('data-locale') || 'en-US', { timeZone: footer.getAttribute('data-tz') || 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(at);
        time.setAttribute('datetime', at.toISOString());
        var utc = time.nextElementSibling;
        if (utc && utc.classList.contains('utc')) utc.textContent = ' (' + new Intl.DateTimeFormat(footer.getAttribute('data-utc-locale') || 'en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at) + ' UTC)';
      } catch (e) {}
    }
    function swap(html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var next = doc.querySelector('main');
      var current = document.querySelector('main');
      if (!next || !current || !doc.body.getAttribute('data-version')) return;
      var fresh = document.importNode(next, true);
      current.replaceWith(fresh);
      var footer = doc.querySelector('footer.site');
      var old = document.querySelector('footer.site');
      if (footer && old) old.replaceWith(document.importNode(footer, true));
      body.setAttribute('data-version', doc.body.getAttribute('data-version'));
      if (doc.title) document.title = doc.title;
      Array.prototype.forEach.call(fresh.querySelectorAll('.bars'), uptimeBars);
    }
    function poll() {
      if (busy) return;
      busy = true;
      last = Date.now();
      fetch(source, { cache: 'no-cache', credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (j) {
          var key = [j.page && j.page.updated_at, j.status && j.status.indicator, j.status && j.status.description, String(!!(j.snapshot && j.snapshot.stale))].join('|');
          if (key === body.getAttribute('data-version')) { asOf(j.snapshot && j.snapshot.as_of); return; }
          return fetch(location.pathname + location.search, { cache: 'no-cache', credentials: 'same-origin' }).then(function (r) {
            // A redirect (a carrier remembered meanwhile) or an error page is not this page's news.
            if (!r.ok || r.redirected) return;
            return r.text().then(swap);
          });
        })
        .catch(function () {})
        .then(function () { busy = false; });
    }
    window.setInterval(function () { if (!document.hidden) poll(); }, REFRESH_MS);
    // A tab brought back after a minute or more catches up at once rather than at the next tick.
    document.addEventListener('visibilitychange', function () { if (!document.hidden && Date.now() - last >= REFRESH_MS) poll(); });
  }

  function start() {
    regionPicker();
    Array.prototype.forEach.call(document.querySelectorAll('.bars'), uptimeBars);
    live();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
