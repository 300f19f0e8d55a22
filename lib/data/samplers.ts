/**
 * Samplers for contrastive training on grouped rows (e.g. return quintiles): labelled pairs with
 * an exact positive ratio, triplets, class-balanced batches for InfoNCE / SupCon, and hard
 * negatives (the most similar rows of another group under the current embeddings). Positives
 * and anchors are stratified: every eligible group gets the same share (±1). All draws come
 * from a seeded `Rng`; indices refer to rows of the caller's data.
 */
import { require, requireFinite, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";

/** Labelled pairs of row indices: `label[i]` is 1 when rows a[i] and b[i] share a group. */
export interface PairSample {
  a: number[];
  b: number[];
  label: number[];
}

/** Triplets of row indices: positive shares the anchor's group, negative does not. */
export interface TripletSample {
  anchor: number[];
  positive: number[];
  negative: number[];
}

/** Seed or generator for a sampler (default: a generator seeded with DEFAULT_SEED). */
export interface SamplerRandom {
  rng?: Rng;
  seed?: number;
}

function generator(fn: string, o: SamplerRandom): Rng {
  if (o.rng !== undefined) {
    require(o.rng instanceof Rng, fn, "opts.rng", "an Rng", o.rng);
    return o.rng;
  }
  return new Rng(requireNumber(fn, "opts.seed", o.seed ?? DEFAULT_SEED, { integer: true }));
}

/** Row indices by group value, groups in ascending order. */
export function rowsByGroup(
  groups: ArrayLike<number>,
  fn = "rowsByGroup",
): Map<number, number[]> {
  require(
    groups !== null && typeof groups === "object",
    fn,
    "groups",
    "an array of labels",
    groups,
  );
  requireFinite(fn, "groups", groups);
  const m = new Map<number, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (!m.has(g)) m.set(g, []);
    m.get(g)!.push(i);
  }
  return new Map([...m.entries()].sort((x, y) => x[0] - y[0]));
}

/** Split `n` draws over `k` strata as evenly as possible (shares differ by at most 1). */
function shares(n: number, k: number, r: Rng): number[] {
  const out = new Array<number>(k).fill(Math.floor(n / k));
  for (const i of r.permutation(k).slice(0, n % k)) out[i]++;
  return out;
}

const pick = (xs: readonly number[], r: Rng) => xs[r.int(xs.length)];

/** A uniform row of `members` other than `not`. */
function pickOther(members: readonly number[], not: number, r: Rng): number {
  const p = members.indexOf(not);
  const j = r.int(members.length - 1);
  return members[j >= p ? j + 1 : j];
}

/** A uniform row outside `group` (rejection sampling; another group must exist). */
function pickOutside(groups: ArrayLike<number>, group: number, r: Rng): number {
  for (;;) {
    const j = r.int(groups.length);
    if (groups[j] !== group) return j;
  }
}

/**
 * `n` labelled pairs with exactly round(n·positiveRatio) positives (same group, stratified over
 * groups with ≥ 2 rows) and negatives (anchors stratified over groups, partner from another
 * group); returned in random order, never a row paired with itself.
 */
export function samplePairs(
  groups: ArrayLike<number>,
  n: number,
  opts: SamplerRandom & { positiveRatio?: number } = {},
): PairSample {
  const fn = "samplePairs";
  const byGroup = rowsByGroup(groups, fn);
  requireNumber(fn, "n", n, { integer: true, positive: true });
  const ratio = requireNumber(fn, "opts.positiveRatio", opts.positiveRatio ?? 0.5, {
    min: 0,
    max: 1,
  });
  const r = generator(fn, opts);
  const nPos = Math.round(n * ratio);
  const eligible = [...byGroup.values()].filter((m) => m.length >= 2);
  require(nPos === 0 || eligible.length > 0, fn, "groups", "a group with at least 2 rows", groups);
  require(nPos === n || byGroup.size >= 2, fn, "groups", "at least 2 groups for negatives", groups);
  const out: PairSample = { a: [], b: [], label: [] };
  const push = (a: number, b: number, y: number) => {
    out.a.push(a);
    out.b.push(b);
    out.label.push(y);
  };
  shares(nPos, eligible.length, r).forEach((c, gi) => {
    for (let i = 0; i < c; i++) {
      const a = pick(eligible[gi], r);
      push(a, pickOther(eligible[gi], a, r), 1);
    }
  });
  const all = [...byGroup.entries()];
  shares(n - nPos, all.length, r).forEach((c, gi) => {
    for (let i = 0; i < c; i++) push(pick(all[gi][1], r), pickOutside(groups, all[gi][0], r), 0);
  });
  const order = r.permutation(n);
  return {
    a: order.map((i) => out.a[i]),
    b: order.map((i) => out.b[i]),
    label: order.map((i) => out.label[i]),
  };
}

/** `n` triplets: anchors stratified over groups with ≥ 2 rows, a same-group positive, another-group negative. */
export function sampleTriplets(
  groups: ArrayLike<number>,
  n: number,
  opts: SamplerRandom = {},
): TripletSample {
  const fn = "sampleTriplets";
  const byGroup = rowsByGroup(groups, fn);
  requireNumber(fn, "n", n, { integer: true, positive: true });
  const r = generator(fn, opts);
  const eligible = [...byGroup.entries()].filter(([, m]) => m.length >= 2);
  require(eligible.length > 0, fn, "groups", "a group with at least 2 rows", groups);
  require(byGroup.size >= 2, fn, "groups", "at least 2 groups", groups);
  const t: TripletSample = { anchor: [], positive: [], negative: [] };
  shares(n, eligible.length, r).forEach((c, gi) => {
    const [g, members] = eligible[gi];
    for (let i = 0; i < c; i++) {
      const a = pick(members, r);
      t.anchor.push(a);
      t.positive.push(pickOther(members, a, r));
      t.negative.push(pickOutside(groups, g, r));
    }
  });
  const order = r.permutation(n);
  return {
    anchor: order.map((i) => t.anchor[i]),
    positive: order.map((i) => t.positive[i]),
    negative: order.map((i) => t.negative[i]),
  };
}

/**
 * `batches` class-balanced batches: each holds `perClass` distinct rows of every group (so
 * SupCon / InfoNCE always see positives). Each group is walked through reshuffled passes, so
 * over many batches every row is used about equally often.
 */
export function classBalancedBatches(
  groups: ArrayLike<number>,
  opts: SamplerRandom & { perClass: number; batches: number },
): number[][] {
  const fn = "classBalancedBatches";
  const byGroup = rowsByGroup(groups, fn);
  require(typeof opts === "object" && opts !== null, fn, "opts", "{perClass, batches}", opts);
  const per = requireNumber(fn, "opts.perClass", opts.perClass, { integer: true, positive: true });
  requireNumber(fn, "opts.batches", opts.batches, { integer: true, positive: true });
  for (const [g, m] of byGroup) {
    require(
      m.length >= per,
      fn,
      "groups",
      `at least ${per} rows in every group`,
      `group ${g}: ${m.length}`,
    );
  }
  const r = generator(fn, opts);
  const queues = [...byGroup.values()].map((m) => ({ m, order: r.shuffle([...m]), at: 0 }));
  return Array.from({ length: opts.batches }, () =>
    r.shuffle(queues.flatMap((q) => {
      if (q.at + per > q.order.length) {
        q.order = r.shuffle([...q.m]);
        q.at = 0;
      }
      q.at += per;
      return q.order.slice(q.at - per, q.at);
    })));
}

/**
 * For each anchor row (default: all), the `k` most cosine-similar rows of a different group under
 * `embeddings`, most similar first: the hard negatives for the current model.
 */
export function mineHardNegatives(
  embeddings: readonly ArrayLike<number>[],
  groups: ArrayLike<number>,
  opts: { k?: number; anchors?: readonly number[] } = {},
): number[][] {
  const fn = "mineHardNegatives";
  require(
    Array.isArray(embeddings) && embeddings.length > 0,
    fn,
    "embeddings",
    "a non-empty array of rows",
    embeddings,
  );
  const d = embeddings[0].length;
  embeddings.forEach((e, i) => {
    require(e.length === d, fn, `embeddings[${i}]`, `a row of length ${d}`, e);
    requireFinite(fn, `embeddings[${i}]`, e);
  });
  require(
    groups?.length === embeddings.length,
    fn,
    "groups",
    `${embeddings.length} labels`,
    groups,
  );
  const byGroup = rowsByGroup(groups, fn);
  const k = requireNumber(fn, "opts.k", opts.k ?? 1, { integer: true, positive: true });
  const anchors = opts.anchors ?? embeddings.map((_, i) => i);
  anchors.forEach((a, i) =>
    require(
      Number.isInteger(a) && a >= 0 && a < embeddings.length,
      fn,
      `opts.anchors[${i}]`,
      "a row index",
      a,
    )
  );
  const unit = embeddings.map((e) => {
    const row = Float64Array.from(e as ArrayLike<number>);
    const s = Math.sqrt(row.reduce((t, v) => t + v * v, 0)) || 1;
    return row.map((v) => v / s);
  });
  return anchors.map((a) => {
    const others = embeddings.length - byGroup.get(groups[a])!.length;
    require(k <= others, fn, "opts.k", `at most ${others} (rows outside the anchor's group)`, k);
    const cands: { j: number; s: number }[] = [];
    for (let j = 0; j < unit.length; j++) {
      if (groups[j] === groups[a]) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += unit[a][t] * unit[j][t];
      cands.push({ j, s });
    }
    cands.sort((x, y) => y.s - x.s || x.j - y.j);
    return cands.slice(0, k).map((c) => c.j);
  });
}

/** Triplets as `sampleTriplets`, with each negative replaced by one of the anchor's `k` hardest negatives. */
export function sampleHardTriplets(
  embeddings: readonly ArrayLike<number>[],
  groups: ArrayLike<number>,
  n: number,
  opts: SamplerRandom & { k?: number } = {},
): TripletSample {
  const r = generator("sampleHardTriplets", opts);
  const t = sampleTriplets(groups, n, { rng: r });
  const hard = mineHardNegatives(embeddings, groups, { k: opts.k ?? 1, anchors: t.anchor });
  return { ...t, negative: hard.map((h) => pick(h, r)) };
}
