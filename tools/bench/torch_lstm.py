"""PyTorch CPU reference for tools/bench/recurrent_bench.ts (benchmark reference only, never a
course dependency). Prints one JSON line: {"seconds": best epoch time, "epochs": [...]}.

usage: torch_lstm.py windows N T F UNITS BATCH REPEATS
       torch_lstm.py text N T VOCAB EMB UNITS BATCH REPEATS
"""
import json
import sys
import time

import torch
from torch import nn

torch.set_num_threads(2)
torch.manual_seed(0)


class Windows(nn.Module):
    def __init__(self, f, units):
        super().__init__()
        self.lstm = nn.LSTM(f, units, batch_first=True)
        self.head = nn.Linear(units, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


class Text(nn.Module):
    def __init__(self, vocab, emb, units):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, units, batch_first=True)
        self.drop = nn.Dropout(0.3)
        self.head = nn.Linear(units, 3)

    def forward(self, x):
        out, _ = self.lstm(self.emb(x))
        return self.head(self.drop(out[:, -1]))


def epoch(model, opt, loss_fn, x, y, batch):
    perm = torch.randperm(x.shape[0])
    t0 = time.perf_counter()
    for i in range(0, x.shape[0], batch):
        idx = perm[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    return time.perf_counter() - t0


def main():
    kind = sys.argv[1]
    if kind == "windows":
        n, t, f, units, batch, repeats = map(int, sys.argv[2:8])
        x = torch.randn(n, t, f)
        y = torch.randn(n, 1)
        model = Windows(f, units)
        loss_fn = nn.MSELoss()
    elif kind == "text":
        n, t, vocab, emb, units, batch, repeats = map(int, sys.argv[2:9])
        x = torch.randint(0, vocab, (n, t))
        y = torch.randint(0, 3, (n,))
        model = Text(vocab, emb, units)
        loss_fn = nn.CrossEntropyLoss()
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    epoch(model, opt, loss_fn, x, y, batch)  # warm-up
    times = [epoch(model, opt, loss_fn, x, y, batch) for _ in range(repeats)]
    print(json.dumps({"seconds": min(times), "epochs": times, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
