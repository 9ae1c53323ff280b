/** Community alerts (DESIGN capability 3, issue 4): channel payloads, the alert form, identity warnings on free text. */
export * from './vocabularies';
export * from './free-text';
export * from './sms';
export * from './openrosa';
export * from './triage';
