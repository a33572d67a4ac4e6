export * from './audit';
export * from './auth';
export * from './backoffice';
export * from './contact-center';
export * from './flows';
