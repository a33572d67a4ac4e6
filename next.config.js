const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./server/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
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
