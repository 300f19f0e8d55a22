"""PyTorch reference for tools/bench/mlp_bench.ts: the lecture MLP (10-64-32-1, dropout 0.3,
Adam, batch 32, BCE) trained on synthetic data on the CPU; prints JSON with seconds per epoch.
Used only to produce benchmark reference numbers; it is not a course dependency."""
import json
import sys
import time

import torch


def main() -> None:
    n, d, epochs, threads = (int(a) for a in sys.argv[1:5])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    x = torch.randn(n, d)
    w = torch.randn(d)
    y = ((x @ w + 0.5 * torch.randn(n)) > 0).float().unsqueeze(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(d, 64), torch.nn.ReLU(), torch.nn.Dropout(0.3),
        torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Dropout(0.3),
        torch.nn.Linear(32, 1),
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    per_epoch = []
    losses = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        total = 0.0
        model.train()
        for i in range(0, n, 32):
            idx = perm[i:i + 32]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        per_epoch.append(time.perf_counter() - t0)
        losses.append(total / n)
    print(json.dumps({"seconds_per_epoch": per_epoch, "loss": losses, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
