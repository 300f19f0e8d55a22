"""PyTorch CPU twin of chapter 08's world model on the GP market, for tools/bench/jepa_bench.ts
(benchmark reference only, never a course dependency). Written here by hand in PyTorch after
lib/jepa/world (model.ts, objective.ts, train.ts, actions.ts), lib/jepa/patch_encoder.ts,
lib/nn (adaln.ts, rope.ts, attention.ts) and lib/jepa/losses.ts (sigregLoss), with the bench's
WORLD_CONFIG: patch encoder (8x2 windows, patch 4 -> 2 tokens, width 16, 1 block, 2 heads,
learned positions, final LN, mean-pooled), action embedder (2 -> 8 -> 8, SiLU), one AdaLN-zero
predictor block (causal attention with RoPE over time, GELU MLP ratio 2, modulation Linear(8 ->
6*16) initialised at zero), linear utility heads (mu, log variance) on detached latents, a linear
inverse-dynamics head on (z_t, z_t+1); context L = 2, rollout K = 2.

One step, as `trainWorldModel` + the course loop: gather B runs of L + K consecutive days
(a fresh permutation of run starts each epoch), encode all B(L+K) windows, teacher-forced
one-step loss on the context, K-step autoregressive rollout loss against stop-gradient latents,
SIGReg (64 fresh random unit directions, 17 knots on [0, 3], weight 0.09), heads loss (MSE +
0.5 Gaussian NLL with a detached mean), inverse-dynamics MSE; AdamW (weight decay 0.01, eps
1e-7), warmup + cosine learning rate (floor 1% of peak), global-norm clipping at 1, and the
guard's per-step read of the loss, its parts and the gradient norm (checked finite), plus its
weight snapshot at the start of each epoch.

usage: torch_world.py DAYS REPEATS THREADS [THREADS2]
         train on DAYS days: a warm-up epoch, then REPEATS timed epochs at THREADS threads (and
         REPEATS more at THREADS2 threads when given: on the shared 2-core machine two threads
         can lose badly to one when other processes hold a core, so the bench shows both)
       torch_world.py params   (only the trained parameter count)
       torch_world.py check FILE   (a JSON file: the course model's weights by name, one batch
         and the SIGReg directions; prints the loss terms and the gradient's global norm: the test
         tests/tools/torch_world_test.ts compares them with lib/jepa/world)
Input: synthetic data of the chapter's shapes: obs [DAYS, 8, 2], actions [DAYS, 2] (standard
normal), next returns [DAYS, 2] (normal, sd 0.01), as the TypeScript side.
The math is the course's; only the random streams (initial weights, the run order, SIGReg's
directions) are PyTorch's, which changes no shape and no time.
Prints one JSON line: {"seconds": best epoch after the warm-up epoch, "epochs": [...],
"params": trained parameter count (the TypeScript side compares it with its own), and with
THREADS2 "seconds2", "epochs2", "threads2"}.
"""
import json
import math
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

# WORLD_CONFIG (tools/bench/jepa_bench.ts)
T, FEAT, PATCH, D, ENC_HEADS = 8, 2, 4, 16, 2
N_ASSETS, ACT_FEAT, ACT_DIM, PRED_HEADS, MLP_RATIO = 2, 2, 8, 2, 2
CONTEXT, K = 2, 2
# trainWorldModel options of the bench and their defaults
BATCH, LR, WEIGHT_DECAY, CLIP = 256, 2e-3, 0.01, 1.0
SIGREG_WEIGHT, DIRECTIONS, KNOTS, T_MAX = 0.09, 64, 17, 3.0
HEAD_WEIGHT, IDM_WEIGHT = 1.0, 1.0


def gelu(x):
    return F.gelu(x, approximate="tanh")


def dense(fan_in, fan_out):
    """lib/nn/params.ts ParamInit.dense: Glorot-uniform weight, zero bias."""
    lin = nn.Linear(fan_in, fan_out)
    nn.init.xavier_uniform_(lin.weight)
    nn.init.zeros_(lin.bias)
    return lin


class Attention(nn.Module):
    """q, k, v, o projections; bidirectional (encoder) or causal with RoPE (predictor)."""

    def __init__(self, d, heads, rope=False):
        super().__init__()
        self.q, self.k, self.v, self.o = (dense(d, d) for _ in range(4))
        self.heads, self.rope = heads, rope

    def forward(self, x):
        b, n, d = x.shape
        dh = d // self.heads
        split = lambda t: t.reshape(b, n, self.heads, dh).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = None
        if self.rope:
            q, k = apply_rope(q), apply_rope(k)
            scores = q @ k.transpose(-1, -2) / math.sqrt(dh)
            mask = torch.tril(torch.ones(n, n))
            scores = scores + (1 - mask) * -1e9
        else:
            scores = q @ k.transpose(-1, -2) / math.sqrt(dh)
        mixed = torch.softmax(scores, -1) @ v
        return self.o(mixed.transpose(1, 2).reshape(b, n, d))


def apply_rope(x, base=10000.0):
    """lib/nn/rope.ts applyRope: rotate the pair (x_i, x_i+d/2) at position p by p*base^(-2i/d);
    the cos/sin tables are built per call, as there."""
    t, d = x.shape[-2], x.shape[-1]
    half = d // 2
    pos = torch.arange(t, dtype=torch.float32).unsqueeze(1)
    angle = pos * torch.pow(base, -2 * torch.arange(half, dtype=torch.float32) / d)
    cos, sin = torch.cos(angle), torch.sin(angle)
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], -1)


class Block(nn.Module):
    """lib/nn/attention.ts transformerBlock: pre-LN, x + MHSA(LN(x)), x + W2 GELU(W1 LN(x))."""

    def __init__(self, d, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, heads)
        self.fc1, self.fc2 = dense(d, MLP_RATIO * d), dense(MLP_RATIO * d, d)

    def forward(self, x):
        h = x + self.attn(self.ln1(x))
        return h + self.fc2(gelu(self.fc1(self.ln2(h))))


class PatchEncoder(nn.Module):
    """lib/jepa/patch_encoder.ts patchEncode: patches (reshape + linear) + learned positions,
    blocks, final LN, mean over tokens."""

    def __init__(self):
        super().__init__()
        self.patch = dense(PATCH * FEAT, D)
        self.pos = nn.Parameter(0.02 * torch.randn(T // PATCH, D))
        self.blocks = nn.ModuleList([Block(D, ENC_HEADS)])
        self.lnf = nn.LayerNorm(D)

    def forward(self, x):
        h = self.patch(x.reshape(x.shape[0], T // PATCH, PATCH * FEAT)) + self.pos
        for blk in self.blocks:
            h = blk(h)
        return self.lnf(h).mean(1)


def modulate(x, shift, scale):
    """lib/nn/adaln.ts modulate: LN(x) (no affine) * (1 + scale) + shift."""
    return F.layer_norm(x, (x.shape[-1],)) * (scale + 1) + shift


class AdaLNZeroBlock(nn.Module):
    """lib/nn/adaln.ts adaLNZeroBlock with causalRopeAttention (lib/nn/rope.ts)."""

    def __init__(self, d, cond_dim):
        super().__init__()
        self.attn = Attention(d, PRED_HEADS, rope=True)
        self.fc1, self.fc2 = dense(d, MLP_RATIO * d), dense(MLP_RATIO * d, d)
        self.mod = nn.Linear(cond_dim, 6 * d)
        nn.init.zeros_(self.mod.weight)
        nn.init.zeros_(self.mod.bias)

    def forward(self, x, cond):
        shift_a, scale_a, gate_a, shift_m, scale_m, gate_m = torch.chunk(
            self.mod(cond * torch.sigmoid(cond)), 6, -1)
        h = x + gate_a * self.attn(modulate(x, shift_a, scale_a))
        m = self.fc2(gelu(self.fc1(modulate(h, shift_m, scale_m))))
        return h + gate_m * m


class WorldModel(nn.Module):
    """lib/jepa/world/model.ts with headHidden 0 (linear heads) and inverse dynamics."""

    def __init__(self):
        super().__init__()
        self.enc = PatchEncoder()
        self.act_fc1, self.act_fc2 = dense(ACT_FEAT, ACT_DIM), dense(ACT_DIM, ACT_DIM)
        self.pred = nn.ModuleList([AdaLNZeroBlock(D, ACT_DIM)])
        self.mu, self.risk = dense(D, N_ASSETS), dense(D, N_ASSETS)
        self.idm = dense(2 * D, ACT_FEAT)

    def embed_actions(self, a):
        h = self.act_fc1(a)
        return self.act_fc2(h * torch.sigmoid(h))

    def predict_next(self, z, a):
        cond = self.embed_actions(a)
        h = z
        for blk in self.pred:
            h = blk(h, cond)
        return h

    def rollout(self, z, actions, k):
        l = z.shape[1]
        steps, window = [], z
        for s in range(k):
            out = self.predict_next(window, actions[:, s:s + l])
            nxt = out[:, l - 1:l]
            steps.append(nxt)
            window = torch.cat([window[:, 1:], nxt], 1)
        return torch.cat(steps, 1)


SIG_TS = [T_MAX * i / (KNOTS - 1) for i in range(KNOTS)]
SIG_DT = T_MAX / (KNOTS - 1)
SIG_W = torch.tensor([2 * math.exp(-t * t / 2) * SIG_DT * (0.5 if i in (0, KNOTS - 1) else 1)
                      for i, t in enumerate(SIG_TS)])
SIG_PHI0 = torch.tensor([math.exp(-t * t / 2) for t in SIG_TS])
SIG_T = torch.tensor(SIG_TS)


def random_directions(d, m):
    """lib/jepa/losses.ts randomDirections: m unit columns [d, m]."""
    u = torch.randn(d, m)
    return u / u.norm(dim=0, keepdim=True)


def sigreg(z, dirs):
    """lib/jepa/losses.ts sigregLoss: N-scaled Epps-Pulley statistic, trapezoid on [0, 3]."""
    tp = (z @ dirs).unsqueeze(2) * SIG_T
    re = torch.cos(tp).mean(0) - SIG_PHI0
    im = torch.sin(tp).mean(0)
    return ((re ** 2 + im ** 2) * SIG_W).sum(1).mean() * z.shape[0]


def world_losses(model, obs, actions, r):
    """lib/jepa/world/objective.ts worldModelLosses on one batch [B, L + K, ...]."""
    b, days = obs.shape[0], obs.shape[1]
    l, k = CONTEXT, K
    flat = model.enc(obs.reshape(b * days, T, FEAT))
    z = flat.reshape(b, days, D)
    target = z.detach()
    ctx = z[:, :l]
    teacher = F.mse_loss(model.predict_next(ctx, actions[:, :l]), target[:, 1:l + 1])
    rolled = model.rollout(ctx, actions[:, :l + k - 1], k)
    roll = F.mse_loss(rolled, target[:, l:l + k])
    sig = sigreg(flat, random_directions(D, DIRECTIONS))
    zs = z.detach()
    mu, log_var = model.mu(zs), model.risk(zs)
    nll = (log_var + (r - mu.detach()) ** 2 * torch.exp(-log_var)).mean()
    heads = F.mse_loss(mu, r) + 0.5 * nll
    idm = F.mse_loss(model.idm(torch.cat([z[:, :days - 1], z[:, 1:]], -1)),
                     actions[:, :days - 1])
    total = teacher + roll + SIGREG_WEIGHT * sig + HEAD_WEIGHT * heads + IDM_WEIGHT * idm
    return total, [teacher, roll, sig, heads, idm]


def course_names(model):
    """The twin's parameters by the course's names (lib/jepa/world/model.ts) and whether the
    course stores them transposed (dense weights are [fanIn, fanOut] there)."""
    out = {}

    def lin(key, mod):
        out[f"{key}/w"], out[f"{key}/b"] = (mod.weight, True), (mod.bias, False)

    def norm(key, mod):
        out[f"{key}/g"], out[f"{key}/b"] = (mod.weight, False), (mod.bias, False)

    def attn(key, mod):
        for p in "qkvo":
            lin(f"{key}/{p}", getattr(mod, p))

    lin("enc/patch", model.enc.patch)
    out["enc/pos"] = (model.enc.pos, False)
    for i, blk in enumerate(model.enc.blocks):
        norm(f"enc/block{i}/ln1", blk.ln1)
        norm(f"enc/block{i}/ln2", blk.ln2)
        attn(f"enc/block{i}/attn", blk.attn)
        lin(f"enc/block{i}/fc1", blk.fc1)
        lin(f"enc/block{i}/fc2", blk.fc2)
    norm("enc/lnf", model.enc.lnf)
    lin("act/fc1", model.act_fc1)
    lin("act/fc2", model.act_fc2)
    for i, blk in enumerate(model.pred):
        attn(f"pred/block{i}/attn", blk.attn)
        lin(f"pred/block{i}/fc1", blk.fc1)
        lin(f"pred/block{i}/fc2", blk.fc2)
        lin(f"pred/block{i}/mod", blk.mod)
    lin("head/mu/out", model.mu)
    lin("head/risk/out", model.risk)
    lin("idm/out", model.idm)
    return out


def check(model, params):
    """Load the course's weights, run one batch; print the loss terms and the gradient norm."""
    with open(sys.argv[2]) as f:
        spec = json.load(f)
    names = course_names(model)
    if sorted(names) != sorted(spec["params"]):
        raise SystemExit(f"parameter names differ: {sorted(set(names) ^ set(spec['params']))}")
    with torch.no_grad():
        for key, (p, transposed) in names.items():
            v = torch.tensor(spec["params"][key]["values"]).reshape(spec["params"][key]["shape"])
            p.copy_(v.T if transposed else v)
    t = lambda k: torch.tensor(spec[k]["values"]).reshape(spec[k]["shape"])
    dirs = t("dirs")
    global random_directions
    random_directions = lambda d, m: dirs
    total, parts = world_losses(model, t("obs"), t("actions"), t("r"))
    total.backward()
    norm = torch.sqrt(sum((p.grad ** 2).sum() for p in params if p.grad is not None))
    keys = ["teacher", "rollout", "sigreg", "heads", "idm"]
    out = {"total": total.item(), **{k: v.item() for k, v in zip(keys, parts)}}
    print(json.dumps({**out, "grad_norm": norm.item()}))


def main():
    torch.manual_seed(0)
    model = WorldModel()
    params = list(model.parameters())
    n_params = sum(p.numel() for p in params)
    if sys.argv[1:] == ["params"]:
        print(json.dumps({"params": n_params}))
        return
    if sys.argv[1] == "check":
        check(model, params)
        return
    days_n, repeats, threads = map(int, sys.argv[1:4])
    threads2 = int(sys.argv[4]) if len(sys.argv) > 4 else None
    torch.set_num_threads(threads)
    # synthetic, the shapes of chapter 08's GP market (values do not change the time)
    obs = torch.randn(days_n, T, FEAT)
    acts = torch.randn(days_n, ACT_FEAT)
    next_returns = 0.01 * torch.randn(days_n, N_ASSETS)
    scale = 1 / float(next_returns.std(unbiased=False))  # model.returnScale
    days = CONTEXT + K
    n_starts = days_n - days + 1
    steps = max(1, n_starts // BATCH)
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=WEIGHT_DECAY, eps=1e-7)
    total = (repeats + 1) * steps
    warm = int(0.1 * total)
    offsets = torch.arange(days)

    def lr_at(step):
        if step >= total + 1:
            return 0.01 * LR
        if step < warm:
            return LR * (step + 1) / warm
        prog = (step - warm) / (total + 1 - warm)
        return 0.01 * LR + 0.5 * 0.99 * LR * (1 + math.cos(math.pi * prog))

    step = 0

    def epoch():
        nonlocal step
        t0 = time.perf_counter()
        _snapshot = [p.detach().clone() for p in params]  # the guard's epoch snapshot
        perm = torch.randperm(n_starts)
        for i in range(steps):
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            starts = perm[i * BATCH:(i + 1) * BATCH]
            idx = (starts.unsqueeze(1) + offsets).reshape(-1)
            b = starts.shape[0]
            ob = obs[idx].reshape(b, days, T, FEAT)
            ab = acts[idx].reshape(b, days, ACT_FEAT)
            rb = (next_returns[idx] * scale).reshape(b, days, N_ASSETS)
            opt.zero_grad()
            loss, parts = world_losses(model, ob, ab, rb)
            loss.backward()
            norm = nn.utils.clip_grad_norm_(params, CLIP)
            read = torch.stack([loss.detach(), *(p.detach() for p in parts), norm]).tolist()
            if not all(math.isfinite(v) for v in read):
                raise SystemExit(f"non-finite loss or gradient at step {step}")
            opt.step()
            step += 1
        return time.perf_counter() - t0

    epoch()  # warm-up
    times = [epoch() for _ in range(repeats)]
    out = {
        "seconds": min(times),
        "epochs": times,
        "threads": torch.get_num_threads(),
        "params": n_params,
        "steps": steps,
    }
    if threads2 is not None:
        torch.set_num_threads(threads2)
        times2 = [epoch() for _ in range(repeats)]
        out.update(seconds2=min(times2), epochs2=times2, threads2=torch.get_num_threads())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
