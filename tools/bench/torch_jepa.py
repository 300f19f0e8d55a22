"""PyTorch CPU twins of chapter 07's two JEPA runs, for tools/bench/jepa_bench.ts (benchmark
reference only, never a course dependency). Same architectures, losses and training step as
lib/jepa (written here by hand in PyTorch): AdamW (weight decay 0.01), warmup + cosine learning
rate, clipping at global norm 1, a per-step finiteness check of the loss (the course's NaN guard
reads the loss every step), and the EMA update of the target encoder after every step.

usage: torch_jepa.py gru|patch N REPEATS THREADS
Input: synthetic sequences [N, 6, 8] (standard normal), as the TypeScript side.
Prints one JSON line: {"seconds": best epoch after a warm-up epoch, "epochs": [...],
"params": trained parameter count (the TypeScript side compares it with its own)}.
"""
import json
import math
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

T, FEAT, D_MODEL, BATCH, LR, TAU = 6, 8, 32, 256, 2e-3, 0.99


def vicreg(z, gamma=1.0, eps=1e-4):
    """VICReg variance hinge and covariance penalty (lib/jepa/losses.ts vicregTerms)."""
    b, d = z.shape
    zc = z - z.mean(0)
    cov = zc.T @ zc / (b - 1)
    var = (zc ** 2).sum(0) / (b - 1)
    variance = F.relu(gamma - torch.sqrt(var + eps)).mean()
    covariance = ((cov ** 2).sum() - (var ** 2).sum()) / d
    return variance, covariance


def gelu(x):
    return F.gelu(x, approximate="tanh")


class GruEncoder(nn.Module):
    """Bi-GRU (1 layer, hidden 32 per direction); both final states projected to dModel."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(FEAT, D_MODEL, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * D_MODEL, D_MODEL)

    def forward(self, x):
        _, h = self.gru(x)
        return self.out(torch.cat([h[0], h[1]], 1))


class MlpPredictor(nn.Module):
    """d + horizon embedding (8) -> 2d (GELU, dropout 0.1) -> d."""

    def __init__(self, max_h=2, hz=8):
        super().__init__()
        self.horizon = nn.Parameter(0.1 * torch.randn(max_h, hz))
        self.fc1 = nn.Linear(D_MODEL + hz, 2 * D_MODEL)
        self.fc2 = nn.Linear(2 * D_MODEL, D_MODEL)
        self.drop = nn.Dropout(0.1)

    def forward(self, z, h):
        row = self.horizon[h - 1].expand(z.shape[0], -1)
        return self.fc2(self.drop(gelu(self.fc1(torch.cat([z, row], 1)))))


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.heads = heads

    def forward(self, x):
        b, n, d = x.shape
        dh = d // self.heads
        split = lambda t: t.reshape(b, n, self.heads, dh).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        w = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh), -1)
        return self.o((w @ v).transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    """Pre-LN block: x + MHSA(LN(x)), then x + W2·GELU(W1·LN(x)), MLP ratio 2."""

    def __init__(self, d, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, heads)
        self.fc1, self.fc2 = nn.Linear(d, 2 * d), nn.Linear(2 * d, d)

    def forward(self, x):
        h = x + self.attn(self.ln1(x))
        return h + self.fc2(gelu(self.fc1(self.ln2(h))))


class PatchEncoder(nn.Module):
    """Patch length 1 (6 tokens), learned positions, 2 blocks of width 32, 4 heads, final LN."""

    def __init__(self, depth=2):
        super().__init__()
        self.patch = nn.Linear(FEAT, D_MODEL)
        self.pos = nn.Parameter(0.02 * torch.randn(T, D_MODEL))
        self.blocks = nn.ModuleList(Block(D_MODEL, 4) for _ in range(depth))
        self.lnf = nn.LayerNorm(D_MODEL)

    def tokens(self, x):
        return self.patch(x) + self.pos

    def encode_tokens(self, h):
        for blk in self.blocks:
            h = blk(h)
        return self.lnf(h)


def sinusoidal(n, d):
    pos = torch.arange(n, dtype=torch.float32).unsqueeze(1)
    i = torch.arange(d)
    angle = pos / torch.pow(10000.0, (2 * (i // 2)).float() / d)
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle))


class TransformerPredictor(nn.Module):
    """in (d -> 32), mask token, sinusoidal positions, 1 block, LN, out (32 -> d)."""

    def __init__(self):
        super().__init__()
        self.inp = nn.Linear(D_MODEL, D_MODEL)
        self.mask = nn.Parameter(0.02 * torch.randn(D_MODEL))
        self.block = Block(D_MODEL, 4)
        self.lnf = nn.LayerNorm(D_MODEL)
        self.out = nn.Linear(D_MODEL, D_MODEL)
        self.register_buffer("pos", sinusoidal(T, D_MODEL))

    def forward(self, ctx_tokens, vis, msk):
        b = ctx_tokens.shape[0]
        placed = torch.zeros(b, T, D_MODEL).scatter(
            1, vis.unsqueeze(2).expand(-1, -1, D_MODEL), self.inp(ctx_tokens))
        is_masked = torch.zeros(b, T, 1).scatter(1, msk.unsqueeze(2), 1.0)
        h = self.out(self.lnf(self.block(placed + is_masked * self.mask + self.pos)))
        return torch.gather(h, 1, msk.unsqueeze(2).expand(-1, -1, D_MODEL))


def take(t, idx):
    return torch.gather(t, 1, idx.unsqueeze(2).expand(-1, -1, t.shape[2]))


def main():
    kind = sys.argv[1]
    n, repeats, threads = map(int, sys.argv[2:5])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.randn(n, T, FEAT)  # synthetic, the shape of chapter 07's credit sequences
    if kind == "gru":
        enc, pred = GruEncoder(), MlpPredictor()
    elif kind == "patch":
        enc, pred = PatchEncoder(), TransformerPredictor()
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    target = type(enc)()
    target.load_state_dict(enc.state_dict())
    for p in target.parameters():
        p.requires_grad_(False)
    params = list(enc.parameters()) + list(pred.parameters())
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    steps = n // BATCH
    total = (repeats + 1) * steps
    warm = int(0.1 * total)

    def lr_at(step):
        if step < warm:
            return LR * (step + 1) / warm
        prog = (step - warm) / (total + 1 - warm)
        return 0.01 * LR + 0.5 * 0.99 * LR * (1 + math.cos(math.pi * prog))

    def tau_at(step):
        return 1 - (1 - TAU) * (math.cos(math.pi * step / total) + 1) / 2

    def batch_loss(xb):
        if kind == "gru":
            h = 1 + int(torch.randint(2, ()))
            z = enc(xb[:, :T - h])
            with torch.no_grad():
                tgt = target(xb[:, h:])
            p = pred(z, h)
        else:
            order = torch.argsort(torch.rand(xb.shape[0], T), 1)
            msk, _ = torch.sort(order[:, :T // 2], 1)
            vis, _ = torch.sort(order[:, T // 2:], 1)
            ctx_tokens = enc.encode_tokens(take(enc.tokens(xb), vis))
            z = ctx_tokens.mean(1)
            with torch.no_grad():
                tgt = take(target.encode_tokens(target.tokens(xb)), msk)
            p = pred(ctx_tokens, vis, msk)
        var, cov = vicreg(z)
        return F.mse_loss(p, tgt) + var + 0.04 * cov

    step = 0

    def epoch():
        nonlocal step
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        enc.train()
        pred.train()
        for i in range(steps):
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            opt.zero_grad()
            loss = batch_loss(x[perm[i * BATCH:(i + 1) * BATCH]])
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            if not math.isfinite(loss.item()):
                raise SystemExit(f"non-finite loss at step {step}")
            opt.step()
            tau = tau_at(step)
            with torch.no_grad():
                for pt, po in zip(target.parameters(), enc.parameters()):
                    pt.mul_(tau).add_(po, alpha=1 - tau)
            step += 1
        return time.perf_counter() - t0

    epoch()  # warm-up
    times = [epoch() for _ in range(repeats)]
    print(json.dumps({
        "seconds": min(times),
        "epochs": times,
        "threads": torch.get_num_threads(),
        "params": sum(p.numel() for p in params),
    }))


if __name__ == "__main__":
    main()
