/** The clinical clock: PEP and emergency contraception windows after sexual violence (DESIGN capability 2). */
export * from './clock';
export * from './reported';
export * from './urgency';
