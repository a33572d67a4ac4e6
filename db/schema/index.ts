export * from './audit';
export * from './auth';
export * from './backoffice';
export * from './contact-center';
export * from './flows';
export * from './recordings';
export * from './telephony';
export * from './test-scenarios';
