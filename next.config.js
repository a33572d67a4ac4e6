const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./server/i18n/request.ts');

/**
 * On every response. Pages get their Content-Security-Policy (with a nonce) from proxy.ts; API
 * responses (JSON, TwiML, audio) get one that allows nothing. HSTS only in production builds: from a
 * development server on https://localhost it would hold every localhost port to https for a year.
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  // Nothing uses them: the test phone speaks (speech synthesis) but never listens.
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  ...(process.env.NODE_ENV === 'production'
    ? [{ key: 'Strict-Transport-Security', value: 'max-age=31536000' }]
    : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
  serverExternalPackages: [
    '@temporalio/client',
    '@temporalio/common',
    '@temporalio/proto',
    '@temporalio/worker',
    '@temporalio/core-bridge',
    '@grpc/grpc-js',
    'pino',
    'postgres',
  ],
};

module.exports = withNextIntl(nextConfig);
