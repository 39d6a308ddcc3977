/**
 * The names bench/seed.ts gives the people it seeds: first and last names drawn from a fixed
 * pseudo-random sequence, so every run searches the same data.
 */
export const FIRST = [
  'ivan',
  'anna',
  'maria',
  'alex',
  'olga',
  'peter',
  'sofia',
  'james',
  'li',
  'chen',
  'amir',
  'fatima',
  'lucas',
  'emma',
  'noah',
  'mia',
  'yuki',
  'hana',
  'omar',
  'leila',
  'david',
  'sara',
  'igor',
  'nina',
  'pavel',
  'elena',
  'tom',
  'julia',
  'ravi',
  'priya',
  'kofi',
  'ama',
  'jan',
  'eva',
  'luis',
  'carmen',
  'mehmet',
  'ayse',
  'sven',
  'ingrid',
];
export const LAST = [
  'petrov',
  'smith',
  'garcia',
  'muller',
  'rossi',
  'kowalski',
  'novak',
  'tanaka',
  'wang',
  'kim',
  'nguyen',
  'silva',
  'jensen',
  'dubois',
  'costa',
  'popescu',
  'horvat',
  'ivanova',
  'larsen',
  'okafor',
  'mensah',
  'haddad',
  'sato',
  'lopez',
  'meyer',
  'fischer',
  'weber',
  'young',
  'brown',
  'taylor',
  'wilson',
  'moore',
  'clark',
  'lewis',
  'walker',
  'hall',
  'allen',
  'king',
  'wright',
  'scott',
];
export const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A small deterministic generator (mulberry32), so every run has the same names. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A first and last name (lower case) at each call, from the sequence of `seed`. */
export function nameSequence(seed: number): () => readonly [string, string] {
  const random = rng(seed);
  return () =>
    [
      FIRST[Math.floor(random() * FIRST.length)]!,
      LAST[Math.floor(random() * LAST.length)]!,
    ] as const;
}
