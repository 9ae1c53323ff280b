/** OpenRosa 1.0 for ODK Collect / KoboCollect / Enketo: a safe XML reader, the alert form's submissions, the server's XML answers (issue 4; REL-4, REL-2). */
export * from './xml';
export * from './submission';
export * from './responses';
