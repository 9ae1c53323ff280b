import { enAdmin } from './en/admin';
import { enApp } from './en/app';

/** The English catalog: the reference every other language is checked against. */
export const en = { ...enApp, ...enAdmin } as const;

/** Every message key the UI (and the server) may ask for. */
export type MessageKey = keyof typeof en;
