import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
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

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body>{children}</body>
    </html>
  );
}
