/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The custom server (lib/server/http/server.ts) compresses what Next renders; the public
  // snapshot is precompressed in memory and never reaches Next.
  compress: true,
  typescript: { ignoreBuildErrors: false },
  serverExternalPackages: ['@node-rs/argon2', 'nodemailer', 'smtp-server', 'mailparser', '@prisma/schema-engine-wasm'],
};

export default nextConfig;
