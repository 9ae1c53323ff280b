/**
 * AUTHN-1: length and a list of commonly used passwords, no composition rules.
 * The list holds the most frequent passwords of public breach corpora and the words
 * a Weft user is likely to reach for; checks are case-insensitive.
 */
import { PASSWORD_MAX, PASSWORD_MIN } from '../schemas/auth';

const COMMON = `123456 123456789 12345678 password qwerty123 qwerty 1234567890 1234567 12345 1q2w3e4r
111111 123123 000000 abc123 password1 iloveyou 1qaz2wsx qwertyuiop 123321 654321 666666 987654321
123qwe 7777777 1q2w3e 112233 121212 555555 88888888 11111111 00000000 12341234 22222222 aaaaaaaa
dragon monkey letmein football baseball welcome welcome1 admin admin123 administrator sunshine
princess master shadow superman michael charlie jennifer jordan hunter trustno1 passw0rd p@ssw0rd
p@ssword password123 password12 password! qwerty1 zaq12wsx asdfghjkl asdfasdf azerty azertyuiop
motdepasse bonjour soleil doudou loulou chouchou marseille football1 iloveyou1 changeme changeme123
secret secret123 default test1234 testtest guest guest123 login root toor user1234 access
computer internet freedom whatever starwars pokemon batman liverpool chelsea arsenal barcelona
samsung nokia android iphone google facebook congo kinshasa goma bukavu bunia africa jesus
jesuschrist godisgood blessed blessing amen hallelujah lovely loveme mylove family
weft weftweft weft1234 unitednations monusco unicef undp unfpa ochaocha humanitarian protection
casework caseworker survivor gbvims primero kobotoolbox odkcollect password2024 password2025 password2026
summer2025 winter2025 spring2025 autumn2025 summer2026 winter2026 qwer1234 1234qwer abcd1234 abcdefgh
a1b2c3d4 q1w2e3r4 zxcvbnm zxcvbnm1 asdf1234 1234abcd 147258369 159753 987654 1111111111`;

const COMMON_SET = new Set(COMMON.split(/\s+/).filter(Boolean));

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email';

/** Returns what is wrong with a new password, or null when it is acceptable. */
export function findPasswordProblem(password: string, email?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  const folded = password.toLowerCase();
  if (COMMON_SET.has(folded) || /^(.)\1+$/.test(folded) || /^(0123456789|1234567890|abcdefghij)/.test(folded))
    return 'too_common';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && folded.includes(local)) return 'contains_email';
  return null;
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${PASSWORD_MIN} characters`,
  too_long: `must be at most ${PASSWORD_MAX} characters`,
  too_common: 'is one of the most common passwords; choose a longer phrase of your own',
  contains_email: 'must not contain your email name',
};
