import { createRequire } from 'node:module';

// The custom server limits every request body (lib/server/http/body-limit.ts); server actions get
// the console's limit from the same file, so a CSV up to its limit is never refused by Next first.
const limits = createRequire(import.meta.url)('./lib/server/http/limits.json');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Parallel checkouts (and tests) may build into their own folder.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // The custom server (lib/server/http/server.ts) compresses what Next renders; the public
  // snapshot is precompressed in memory and never reaches Next.
  compress: true,
  typescript: { ignoreBuildErrors: false },
  // prom-client stays one module in the process, so the server's and Next's code fill one registry.
  serverExternalPackages: ['@node-rs/argon2', 'nodemailer', 'smtp-server', 'mailparser', '@prisma/schema-engine-wasm', 'prom-client'],
  // Nothing is written beside the code at run time (CANDOR_DATA_DIR holds what Candor writes):
  // Next's cache of revalidated pages stays in memory instead of .next/server.
  experimental: { serverActions: { bodySizeLimit: limits.consoleBodyMaxBytes }, isrFlushToDisk: false },
};

export default nextConfig;
