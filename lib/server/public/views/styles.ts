// The public pages' one stylesheet, served from the snapshot under a content-hashed name.
// Colour tokens match app/globals.css; every status is also written out in words.
import { EMBED_SIZE } from './context';

export const PUBLIC_CSS = `
:root{color-scheme:light dark;--bg:#fff;--bg-soft:#f5f6f8;--fg:#15171c;--fg-muted:#545b69;--border:#dde1e7;--accent:#1f4fd1;--accent-fg:#fff;
--ok:#137333;--ok-bg:#e6f4ea;--minor:#7a4f00;--minor-bg:#fff4d6;--major:#b3261e;--major-bg:#fde7e6;--critical:#7d0f0a;--critical-bg:#f9d2cf;--maint:#1a5fb4;--maint-bg:#e3eefc;--radius:8px;
--font:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--bg-soft:#181b21;--fg:#e8eaee;--fg-muted:#a3aab8;--border:#2c313a;--accent:#8fb0ff;--accent-fg:#0f1115;
--ok:#81c995;--ok-bg:#13291b;--minor:#f2c452;--minor-bg:#2e2610;--major:#f28b82;--major-bg:#3a1614;--critical:#ffb4ab;--critical-bg:#4d0d09;--maint:#8ab4f8;--maint-bg:#142338}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font-family:var(--font);font-size:16px;line-height:1.5}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
.wrap{max-width:980px;margin:0 auto;padding:0 1rem}
header.site{border-bottom:1px solid var(--border);background:var(--bg-soft)}
header.site .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between;padding-top:.75rem;padding-bottom:.75rem}
.brand{font-weight:700;font-size:1.15rem;color:var(--fg);text-decoration:none}
nav.main ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.picker{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.picker select,.picker button,.button{font:inherit;padding:.35rem .6rem;border:1px solid var(--border);border-radius:6px;background:var(--bg);color:var(--fg)}
nav.languages ul{display:flex;gap:.25rem .75rem;list-style:none;margin:0;padding:0;font-size:.875rem}
nav.languages [aria-current]{font-weight:600}
.picker button,.button.primary{background:var(--accent);color:var(--accent-fg);border-color:var(--accent);cursor:pointer}
a.button{text-decoration:none;display:inline-block}
main{padding:1.5rem 0 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
h3{font-size:1.05rem;margin:0 0 .25rem}
.muted{color:var(--fg-muted)}
.small{font-size:.875rem}
.banner{border-radius:var(--radius);padding:1rem 1.25rem;margin:0 0 1.5rem;border:1px solid var(--border);display:flex;gap:.75rem;align-items:center;flex-wrap:wrap}
.banner p{margin:0}
.banner .sentence{font-size:1.25rem;font-weight:700}
.i-none{background:var(--ok-bg);color:var(--ok);border-color:var(--ok)}
.i-minor{background:var(--minor-bg);color:var(--minor);border-color:var(--minor)}
.i-major{background:var(--major-bg);color:var(--major);border-color:var(--major)}
.i-critical{background:var(--critical-bg);color:var(--critical);border-color:var(--critical)}
.i-maintenance{background:var(--maint-bg);color:var(--maint);border-color:var(--maint)}
.stale{border:2px dashed var(--major);background:var(--major-bg);color:var(--fg);border-radius:var(--radius);padding:.75rem 1rem;margin:0 0 1rem}
.card{border:1px solid var(--border);border-radius:var(--radius);padding:1rem 1.25rem;margin:0 0 1rem;background:var(--bg)}
.card h3 a{color:var(--fg)}
.tag{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;border-radius:999px;border:1px solid currentColor;white-space:nowrap}
.s-operational{color:var(--ok)}.s-under_maintenance{color:var(--maint)}.s-degraded_performance{color:var(--minor)}.s-partial_outage{color:var(--major)}.s-major_outage{color:var(--critical)}
td.cell.s-operational{background:var(--ok-bg)}td.cell.s-under_maintenance{background:var(--maint-bg)}td.cell.s-degraded_performance{background:var(--minor-bg)}td.cell.s-partial_outage{background:var(--major-bg)}td.cell.s-major_outage{background:var(--critical-bg)}
.d-lost,.d-at_risk{font-weight:700}
.dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;background:currentColor;margin-right:.35em;vertical-align:baseline}
.s-partial_outage .dot,.s-degraded_performance .dot{border-radius:2px}
.s-major_outage .dot{border-radius:0;transform:rotate(45deg)}
ul.components{list-style:none;margin:0;padding:0;border:1px solid var(--border);border-radius:var(--radius)}
ul.components li{display:flex;justify-content:space-between;gap:1rem;padding:.6rem 1rem;border-top:1px solid var(--border);flex-wrap:wrap}
ul.components li:first-child{border-top:0}
.group-name{font-weight:700;background:var(--bg-soft)}
.scroll{position:relative;overflow-x:auto;border:1px solid var(--border);border-radius:var(--radius)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.5rem .6rem;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}
thead th{background:var(--bg-soft);white-space:nowrap}
.scroll thead th{white-space:normal}
tbody th{font-weight:600}
th.section{background:var(--bg-soft);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
td.cell{min-width:8.5rem}
.update{border-left:3px solid var(--border);padding:0 0 1rem 1rem;margin:0 0 0 .25rem}
.update .body p{margin:.25rem 0}
.update .meta{font-size:.875rem;color:var(--fg-muted)}
.carrier-text{margin:.5rem 0 0;padding-left:.75rem;border-left:2px solid var(--border)}
.next-update{font-size:.875rem;font-weight:600;margin:.5rem 0 0}
ol.timeline{list-style:none;padding:0;margin:0}
time + .utc{color:var(--fg-muted);font-size:.85em}
.progress{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
progress{width:12rem;max-width:100%;height:1rem;accent-color:var(--ok)}
.bars{display:flex;gap:1px;align-items:stretch;margin:.25rem 0;padding:0;list-style:none}
.bars .day{flex:1 1 0;min-width:0;position:relative}
.bars button{display:block;width:100%;height:2rem;padding:0;border:0;border-radius:2px;cursor:pointer;background:var(--ok)}
.bars button.w-degraded_performance{background:var(--minor)}
.bars button.w-partial_outage{background:var(--major)}
.bars button.w-major_outage{background:var(--critical)}
.bars button.w-under_maintenance{background:var(--maint)}
.bars.enhanced [popover]{margin:0}
.incident-days{margin:.25rem 0 0;font-size:.9rem}
.incident-days summary{cursor:pointer;color:var(--accent)}
.incident-days ul{margin:.25rem 0;padding-left:1.1rem}
.uptime-row{margin:0 0 1.25rem}
.uptime-row .head{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.axis{display:flex;justify-content:space-between;font-size:.8rem;color:var(--fg-muted)}
[popover]{border:1px solid var(--border);border-radius:var(--radius);padding:.75rem 1rem;background:var(--bg);color:var(--fg);max-width:min(22rem,90vw);box-shadow:0 4px 16px rgb(0 0 0 / .2)}
[popover] ul{margin:.25rem 0 0;padding-left:1.1rem}
footer.site{border-top:1px solid var(--border);padding:1.5rem 0 2.5rem;font-size:.9rem;color:var(--fg-muted)}
footer.site ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.5rem 0}
pre.code{white-space:pre-wrap;word-break:break-all;background:var(--bg-soft);padding:.5rem;border-radius:6px;font-size:.8rem}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:1rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{color:var(--fg-muted)}dl.facts dd{margin:0}
.scroll-hint{display:none;margin:0 0 .35rem}
body.embed{background:transparent;margin:0;font-size:.875rem;line-height:1.35}
body.embed main.widget{box-sizing:border-box;height:100vh;max-height:${EMBED_SIZE.height}px;overflow:hidden;padding:.45rem .7rem;border:1px solid;border-radius:var(--radius);display:flex;flex-direction:column;justify-content:center;gap:.15rem}
body.embed .widget p{margin:0;overflow:hidden;text-overflow:ellipsis}
body.embed .widget .status,body.embed .widget .incident{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;line-clamp:2}
body.embed .widget .incident a{color:inherit;font-weight:600}
body.embed .widget .page{white-space:nowrap;font-size:.8rem}
@media (max-width:600px){h1{font-size:1.35rem}.banner .sentence{font-size:1.1rem}dl.facts{grid-template-columns:1fr}
header.site .wrap{padding-top:.4rem;padding-bottom:.4rem;gap:.2rem .75rem}
.brand{font-size:1rem}
nav.main ul{gap:.1rem .9rem;font-size:.9rem}
.picker{gap:.35rem;font-size:.9rem}
.picker select,.picker button{padding:.15rem .4rem}
nav.languages ul{gap:.1rem .6rem;font-size:.8rem}
.scroll-hint{display:block}}
`;
