/** The plain-text block printed after seeding: accounts, second-factor note, attribution. */
import { roleRequiresTotp } from '../../core/auth/roles';
import { ALERTS_DEMO } from './alerts';
import { DEMO_ACCOUNTS, ZONE_FOCAL_POINTS } from './catalogue';
import { OSM_ATTRIBUTION } from './facilities';
import type { DemoSeedSummary } from './seed';

const RULE = '-'.repeat(78);

export function renderBanner(summary: DemoSeedSummary, port: number): string {
  const lines: string[] = [RULE, `Weft demo data is ready (seeded in ${summary.seconds.toFixed(1)} s).`, `Open http://localhost:${port} and sign in with one of these fictional accounts:`, ''];
  const width = Math.max(...summary.accounts.map((a) => a.email.length));
  const labelWidth = Math.max(...summary.accounts.map((a) => a.roleLabel.length));
  for (const account of summary.accounts) lines.push(`  ${account.roleLabel.padEnd(labelWidth)} ${account.email.padEnd(width)}  ${account.password}`);
  if (summary.zoneFocalPoints.length > 0) {
    lines.push(`  and ${summary.zoneFocalPoints.length} focal points, password ${ZONE_FOCAL_POINTS.password}:`);
    for (const focal of summary.zoneFocalPoints) lines.push(`    ${focal.email}${focal.zone ? `  (health zone ${focal.zone})` : ''}`);
  }
  const totpRoles = DEMO_ACCOUNTS.filter((a) => roleRequiresTotp(a.role)).map((a) => a.roleLabel);
  lines.push('', `The ${joinWords(totpRoles)} accounts read identifying data or manage who does:`, 'they set up an authenticator app (TOTP) at their first sign-in.', '');

  if (summary.areas.length > 0) {
    const counts = summary.areas.map(({ file, report }) => `${report.valid} ${file.label} (${file.input.attribution})`);
    lines.push(`Places: ${counts.join(', ')}; real boundaries.`);
    for (const { file, report } of summary.areas) {
      if (report.errors.length === 0) continue;
      lines.push(`  ${report.total - report.valid} ${file.label} skipped as invalid:`);
      for (const error of report.errors.slice(0, 10)) lines.push(`    feature ${error.index}${error.code ? ` (${error.code})` : ''}: ${error.field} ${error.message}`);
    }
  }
  if (summary.facilities.length > 0) {
    lines.push(`Health facilities: ${summary.facilities.length} real ones from OpenStreetMap, ${OSM_ATTRIBUTION}:`);
    for (const facility of summary.facilities) lines.push(`  ${facility.name} (health zone ${Object.values(facility.zone.names)[0] ?? facility.zone.code})`);
  }
  const alerts = summary.alerts;
  lines.push(
    `Community alerts: ${alerts.alerts} fictional alerts over 60 days at the mission's Civil Affairs Section (${alerts.needsLocating} to locate, ${alerts.tasks} response tasks, ${alerts.overdueTasks} overdue), ${alerts.focalPoints} focal points.`,
    `  Demo channel secrets: Twilio auth token ${ALERTS_DEMO.secrets.twilioAuthToken}, generic HMAC ${ALERTS_DEMO.secrets.genericSecret}, SMSSync ${ALERTS_DEMO.secrets.smssyncSecret}.`,
    ...alerts.channels.map((c) => `    ${c.name}: POST http://localhost:${port}${c.webhookPath}`),
    ...(alerts.openRosaPath ? [`  ODK Collect server URL (focal point 1): http://localhost:${port}${alerts.openRosaPath}`] : []),
  );
  if (summary.missingFiles.length > 0) {
    lines.push(`Not found under ${summary.sharedDataDir}: ${summary.missingFiles.join(', ')}.`);
    lines.push('The demo started without those places or facilities; import boundaries later with `weft places import`.');
  }
  lines.push('People, organisations and accounts are fictional; places and health facilities are real.', RULE);
  return lines.join('\n');
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
