import type { Metadata } from 'next';
import { hasRole } from '@/lib/server/actor';
import { requireStaff } from '@/lib/server/auth/require-staff';
import { LANGUAGES, languageTags } from '@/lib/i18n/languages';
import { listRegions } from '@/lib/server/regions/list-regions';
import { DataTable } from '../_components/data-table';
import { MoveButtons, SubmitRow } from '../_components/form-fields';
import { ActionForm } from '../_lib/action-form';
import { FlashMessage } from '../_lib/flash-message';
import { moveRegionAction, saveRegionAction } from './actions';

export const metadata: Metadata = { title: 'Regions' };

type Region = Awaited<ReturnType<typeof listRegions>>[number];

function RegionFields({ r }: { r?: Region }) {
  return (
    <>
      {r ? <input type="hidden" name="id" value={r.id} /> : null}
      {r ? <input type="hidden" name="version" value={r.version} /> : null}
      <div className="row">
        <label>
          Name
          <input name="name" required maxLength={100} defaultValue={r?.name} placeholder="Telstra Australia" />
        </label>
        <label>
          Slug
          <input name="slug" maxLength={60} defaultValue={r?.slug} placeholder="telstra-au" />
        </label>
      </div>
      <div className="row">
        <label>
          Carrier
          <input name="carrier" required maxLength={60} defaultValue={r?.carrier} placeholder="Telstra" />
        </label>
        <label>
          Product name
          <input name="product" required maxLength={60} defaultValue={r?.product} placeholder="Hiptop" />
        </label>
        <label>
          Market
          <input name="market" required maxLength={60} defaultValue={r?.market} placeholder="Australia" />
        </label>
      </div>
      <div className="row">
        <label>
          Time zone
          <input name="time_zone" required maxLength={64} defaultValue={r?.timeZone} placeholder="Australia/Sydney" />
        </label>
        <label>
          Locale
          <input name="locale" maxLength={35} defaultValue={r?.locale ?? 'en-US'} />
        </label>
        <label>
          Languages offered
          <input name="languages" maxLength={200} defaultValue={r ? languageTags(r.languages).join(', ') : ''} placeholder={LANGUAGES.join(', ')} aria-describedby={`languages-hint-${r?.id ?? 'new'}`} />
        </label>
      </div>
      <p className="muted" id={`languages-hint-${r?.id ?? 'new'}`}>
        Its pages open in the locale&rsquo;s language; readers can switch to the others listed here ({LANGUAGES.join(', ')}; a country such as en-CA keeps its dates). Empty offers every language.
      </p>
      <div className="row">
        <label>
          Estimated users
          <input name="estimated_users" inputMode="numeric" maxLength={12} defaultValue={r ? String(r.estimatedUsers) : ''} />
        </label>
      </div>
      <div className="row">
        <label>
          Accent colour
          <input name="accent_color" type="color" defaultValue={r?.accentColor ?? '#1f4fd1'} />
        </label>
        <label>
          Support URL
          <input name="support_url" type="url" maxLength={300} defaultValue={r?.supportUrl ?? ''} />
        </label>
        <label>
          SMS sender ID
          <input name="sms_sender_id" maxLength={16} defaultValue={r?.smsSenderId ?? ''} placeholder={r?.carrier ?? 'Telstra'} aria-describedby={`sender-hint-${r?.id ?? 'new'}`} />
          <small id={`sender-hint-${r?.id ?? 'new'}`} className="muted">
            What customers’ texts show as sender: up to 11 letters, a short code or a number. Empty: the sender in SMS_URL.
          </small>
        </label>
      </div>
    </>
  );
}

export default async function RegionsPage() {
  const actor = await requireStaff('viewer');
  const admin = hasRole(actor, 'admin');
  const regions = await listRegions();
  return (
    <>
      <h1>Regions</h1>
      <FlashMessage />
      <p className="muted">A region is one carrier in one market, with the name its customers know the device by. Customers read the page in their region’s product name and time zone.</p>
      <DataTable
        columns={['Region', 'Carrier / product', 'Time zone', 'Locale (languages)', 'Users', admin && 'Order']}
        rows={regions}
        row={(r) => (
          <tr key={r.id}>
            <td>
              {r.name} <span className="muted">({r.slug})</span>
            </td>
            <td>
              {r.carrier} {r.product}
            </td>
            <td>{r.timeZone}</td>
            <td>
              {r.locale}
              {r.languages ? <span className="muted"> ({languageTags(r.languages).join(', ')})</span> : null}
            </td>
            <td>{r.estimatedUsers.toLocaleString('en-US')}</td>
            {admin ? (
              <td>
                <ActionForm action={moveRegionAction} className="row">
                  <input type="hidden" name="id" value={r.id} />
                  <MoveButtons label={r.name} />
                </ActionForm>
              </td>
            ) : null}
          </tr>
        )}
      />
      {admin
        ? regions.map((r) => (
            <details key={r.id} className="panel">
              <summary>Edit {r.name}</summary>
              <ActionForm action={saveRegionAction} className="stack">
                <RegionFields r={r} />
                <SubmitRow>Save region</SubmitRow>
              </ActionForm>
            </details>
          ))
        : null}
      {admin ? (
        <section className="panel" aria-labelledby="add-region">
          <h2 id="add-region">Add a region</h2>
          <ActionForm action={saveRegionAction} className="stack">
            <RegionFields />
            <SubmitRow>Add region</SubmitRow>
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}
