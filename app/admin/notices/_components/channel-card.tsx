import type { ReactNode } from 'react';
import type { SmsPreview } from '@/lib/server/notices/preview-notice';

// How a chat message will read in Slack, Teams or Discord, drawn from the very body Candor posts
// (so the preview cannot drift from the payload builders): headings, text, facts and buttons, not
// JSON. The raw body stays one click away. A webhook is for programs, so it shows as JSON.

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** Slack's mrkdwn escapes &, < and >; shown as the reader sees them. */
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Slack's mrkdwn as it reads: *bold* in bold, the rest as text. */
function Mrkdwn({ text }: { text: string }) {
  return <>{unescape(text).split(/(\*[^*\n]+\*)/g).map((piece, i) => (/^\*[^*\n]+\*$/.test(piece) ? <strong key={i}>{piece.slice(1, -1)}</strong> : piece))}</>;
}

function Buttons({ links }: { links: { title: string; url: string }[] }) {
  if (links.length === 0) return null;
  return (
    <ul className="chat-buttons" aria-label="Buttons">
      {links.map((l) => (
        <li key={l.title}>
          <span title={l.url}>{l.title}</span>
        </li>
      ))}
    </ul>
  );
}

function Facts({ facts }: { facts: { title: string; value: string }[] }) {
  if (facts.length === 0) return null;
  return (
    <dl className="chat-facts">
      {facts.map((f, i) => (
        <div key={i}>
          <dt>{f.title}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function slack(body: Json): ReactNode {
  return list(body.blocks).map((b, i) => {
    switch (b.type) {
      case 'header':
        return <p key={i} className="chat-title">{str(obj(b.text).text)}</p>;
      case 'context':
        return <p key={i} className="chat-subtle">{list(b.elements).map((e) => unescape(str(e.text))).join(' ')}</p>;
      case 'section':
        return b.fields ? <Facts key={i} facts={list(b.fields).map((f) => { const [title = '', ...rest] = unescape(str(f.text)).split('\n'); return { title: title.replace(/\*/g, ''), value: rest.join('\n') }; })} /> : (
          <p key={i} className="chat-text">
            <Mrkdwn text={str(obj(b.text).text)} />
          </p>
        );
      case 'actions':
        return <Buttons key={i} links={list(b.elements).map((e) => ({ title: str(obj(e.text).text), url: str(e.url) }))} />;
      default:
        return null;
    }
  });
}

function teams(body: Json): ReactNode {
  const card = obj(list(body.attachments)[0]?.content);
  return (
    <>
      {list(card.body).map((b, i) =>
        b.type === 'FactSet' ? (
          <Facts key={i} facts={list(b.facts).map((f) => ({ title: str(f.title), value: str(f.value) }))} />
        ) : (
          <p key={i} className={b.size === 'Large' ? 'chat-title' : b.isSubtle ? 'chat-subtle' : b.weight === 'Bolder' ? 'chat-strong' : 'chat-text'}>
            {str(b.text)}
          </p>
        ),
      )}
      <Buttons links={list(card.actions).map((a) => ({ title: str(a.title), url: str(a.url) }))} />
    </>
  );
}

function discord(body: Json): ReactNode {
  const e = obj(list(body.embeds)[0]);
  const colour = typeof e.color === 'number' ? `#${e.color.toString(16).padStart(6, '0')}` : undefined;
  const fields = list(e.fields);
  const links = fields.find((f) => f.name === 'Links');
  return (
    <div className="chat-embed" style={colour ? { borderLeftColor: colour } : undefined}>
      <p className="chat-subtle">{str(obj(e.author).name)}</p>
      <p className="chat-title">{str(e.title)}</p>
      <p className="chat-text">{str(e.description)}</p>
      <Facts facts={fields.filter((f) => f !== links).map((f) => ({ title: str(f.name), value: str(f.value).replace(/\*\*/g, '') }))} />
      <Buttons links={[...str(links?.value).matchAll(/\[([^\]]+)\]\(([^)]+)\)/g)].map((m) => ({ title: m[1]!, url: m[2]! }))} />
      <p className="chat-subtle">{str(obj(e.footer).text)}</p>
    </div>
  );
}

const CARDS: Record<string, (body: Json) => ReactNode> = { slack, teams, discord };

/** One channel's message for a region: the chat card drawn, or a webhook's JSON. */
export function ChannelCard({ channel, label, body }: { channel: string; label: string; body: string }) {
  const draw = CARDS[channel];
  let parsed: Json | null = null;
  try {
    parsed = obj(JSON.parse(body));
  } catch {
    parsed = null;
  }
  return (
    <details data-channel={channel}>
      <summary>{draw ? `${label}: how it reads` : `${label}: what is posted`}</summary>
      {draw && parsed ? (
        <>
          <div className={`chat-card chat-${channel}`}>{draw(parsed)}</div>
          <details>
            <summary>The JSON posted</summary>
            <pre>{body}</pre>
          </details>
        </>
      ) : (
        <pre>{body}</pre>
      )}
    </details>
  );
}

/**
 * The region's text message, with its segment count and encoding, and a warning when the template
 * is too long for SMS. An update notice's text passes on the update's first paragraph: a long update
 * is cut as a matter of course (the link leads to the rest), which is said, not warned of.
 */
export function SmsCard({ sms }: { sms: SmsPreview }) {
  const cut = sms.fullSegments > sms.maxSegments;
  const templateCut = cut && sms.wordsFrom === 'template';
  return (
    <details data-channel="sms" open={templateCut}>
      <summary>
        Text message (SMS): {sms.segments} {sms.segments === 1 ? 'segment' : 'segments'}, {sms.encoding}
      </summary>
      {sms.wordsFrom === 'update' ? (
        <p className="muted">
          {cut
            ? `The text passes on the update's first paragraph, cut to fit the ${sms.maxSegments} segments a notice may use (${sms.fullSegments} at full length); the link leads to the rest.`
            : "The text passes on the update's first paragraph."}
        </p>
      ) : null}
      {templateCut ? (
        <p className="flash flash-error" role="alert">
          This text needs {sms.fullSegments} segments at full length, more than the {sms.maxSegments} a notice may use, so it is cut to fit: shorten the subject or the first sentence of the template.
        </p>
      ) : null}
      {sms.encoding === 'UCS-2' ? (
        <p className="muted">
          Sent as UCS-2 (70 characters a segment, not 160) because of: {sms.nonGsmCharacters.join(' ')}
        </p>
      ) : null}
      <pre className="sms-bubble">{sms.text}</pre>
    </details>
  );
}
