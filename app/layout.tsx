import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import { headers } from 'next/headers';
import { PUBLIC_NEXT_PATHS, queryLang } from '@/lib/server/public/page-language';
import './globals.css';

// Served from this host: nothing is fetched from another origin.
const inter = localFont({ src: './fonts/inter-latin-wght-normal.woff2', display: 'swap', variable: '--font-sans', weight: '100 900' });

export const metadata: Metadata = {
  title: { default: 'Status', template: '%s · Status' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0f1115' },
  ],
};

/** The public pages Next renders speak the language their URL names (page-language.ts); the console is English. */
async function htmlLang(): Promise<string> {
  const url = new URL((await headers()).get('x-candor-path') ?? '/', 'http://candor.invalid');
  return PUBLIC_NEXT_PATHS.test(url.pathname) ? queryLang(url.searchParams) : 'en';
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang={await htmlLang()} className={inter.variable}>
      <body>{children}</body>
    </html>
  );
}
