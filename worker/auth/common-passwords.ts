/**
 * Passwords that meet the length rule but head every breached-password list. Only entries of 10
 * characters or more matter (shorter ones are refused by length anyway), so the list is short;
 * patterns catch the rest of the same family (one repeated character, a run along the digits or
 * the alphabet, a keyboard row). Compared case-insensitively, ignoring spaces.
 */
const COMMON = new Set(
  (
    "1234567890 0987654321 1234567891 1234512345 123456789a 123456789q 12345678910 123123123123 " +
    "1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3edc 1qazxsw23edc zaq12wsxcde3 q1w2e3r4t5 q1w2e3r4t5y6 qwerty1234 qwerty12345 qwerty123456 " +
    "qwertyuiop qwertyuiop123 asdfghjkl1 asdfghjkl; zxcvbnm123 qazwsxedc123 qazwsxedcrfv 1q2w3e4r5t6y7u " +
    "password12 password123 password1234 password12345 password123456 password01 password!1 passw0rd123 p@ssw0rd123 p@ssword123 " +
    "iloveyou12 iloveyou123 iloveyou1234 princess123 sunshine123 football123 baseball123 superman123 michael123 " +
    "welcome123 welcome1234 letmein123 monkey12345 dragon12345 master12345 abc1234567 abcdefghij abcdefg123 abcd123456 " +
    "administrator admin12345 admin123456 changeme123 trustno1234 starwars123 whatever123 computer123 internet123 " +
    "qwerty123! password1! 11111111111 1111111111 0000000000 1234554321 9876543210 1122334455 1234567812345678 " +
    "correct horse battery staple correcthorsebatterystaple"
  ).split(" "),
);

const SEQUENCES = ["01234567890", "09876543210", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase().replace(/\s+/g, "");
  if (COMMON.has(p) || COMMON.has(password.toLowerCase())) return true;
  if (/^(.)\1*$/.test(p) || /^(.{1,3})\1+$/.test(p)) return true; // "aaaaaaaaaa", "abcabcabcabc"
  return SEQUENCES.some((s) => s.includes(p));
}
