import type { Metadata } from 'next';
import Link from 'next/link';
import type { Role } from '@/lib/generated/postgresql/enums';
import { hasRole } from '@/lib/server/actor';
import { getStaffSession } from '@/lib/server/auth/require-staff';
import { signOutAction } from './_lib/auth-actions';
import { DeliveryBanners } from './_components/delivery-banners';
import { BackupBanner } from './_components/backup-banner';
import './admin.css';

export const metadata: Metadata = { title: { default: 'Console', template: '%s · Candor console' }, robots: { index: false, follow: false } };
export const dynamic = 'force-dynamic';

// Each link shows only to roles whose pages accept them (the pages check again on the server).
const NAV: { href: string; label: string; role?: Role }[] = [
  { href: '/admin/incidents', label: 'Incidents' },
  { href: '/admin/maintenance', label: 'Maintenance' },
  { href: '/admin/notices', label: 'Notices' },
  { href: '/admin/subscribers', label: 'Subscribers' },
  { href: '/admin/suppressions', label: 'Suppressions' },
  { href: '/admin/mailbox', label: 'Mailbox', role: 'responder' },
  { href: '/admin/sms-outbox', label: 'SMS outbox', role: 'responder' },
  { href: '/admin/components', label: 'Components' },
  { href: '/admin/regions', label: 'Regions' },
  { href: '/admin/templates', label: 'Templates' },
  { href: '/admin/settings', label: 'Settings' },
  { href: '/admin/backups', label: 'Backups' },
  { href: '/admin/users', label: 'Users', role: 'admin' },
  { href: '/admin/tokens', label: 'API tokens', role: 'admin' },
  { href: '/admin/audit', label: 'Audit log' },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const staff = await getStaffSession();
  return (
    <div className="admin">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="admin-header">
        <Link href="/admin" className="admin-brand">
          Candor console
        </Link>
        {staff ? (
          <div className="admin-user">
            <span>
              {staff.user.name} <span className="role-badge">{staff.user.role}</span>
            </span>
            <Link href="/admin/account">Account</Link>
            <form action={signOutAction}>
              <button type="submit" className="link-button">
                Sign out
              </button>
            </form>
          </div>
        ) : null}
      </header>
      {staff ? (
        <nav className="admin-nav" aria-label="Console">
          <ul>
            {NAV.filter((item) => !item.role || hasRole(staff.actor, item.role)).map((item) => (
              <li key={item.href}>
                <Link href={item.href}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" className="admin-main">
        {staff ? <DeliveryBanners /> : null}
        {staff ? <BackupBanner /> : null}
        {children}
      </main>
    </div>
  );
}
