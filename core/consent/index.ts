/** Consent rules (CON-1..4, CHD-1): records, validation, withdrawal and the disclosure gate. */
export * from './types';
export * from './validate';
export * from './gate';
