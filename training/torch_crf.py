"""A linear-chain CRF over BIO labels in PyTorch: what both entity-model trainers put on top of
their networks (train_bilstm.py, finetune_e5.py). The exported transitions are ``trans +
allowed`` and ``start + first``, which qawl's NumPy Viterbi (``qawl.ner.bilstm.viterbi``) reads."""

from __future__ import annotations


def constraints(tags: tuple[str, ...]):
    """(allowed, first): -1e4 on the transitions and first labels BIO forbids («O I-PER»,
    «B-ORG I-PER», a sentence opening with «I-»), 0 elsewhere."""
    import torch

    allowed = torch.zeros(len(tags), len(tags))
    for i, a in enumerate(tags):
        for j, b in enumerate(tags):
            if b.startswith("I-") and a[2:] != b[2:]:
                allowed[i, j] = -1e4
    first = torch.tensor([-1e4 if t.startswith("I-") else 0.0 for t in tags])
    return allowed, first


def nll(em, tags, mask, trans, start, end):
    """Summed negative log-likelihood of the gold paths ``tags`` (n, length) under emissions ``em``
    (n, length, labels); ``mask`` marks each sentence's words (padding only after them)."""
    import torch

    mf = mask.float()
    gold = (em.gather(2, tags.unsqueeze(2)).squeeze(2) * mf).sum(1) + start[tags[:, 0]]
    gold = gold + (trans[tags[:, :-1], tags[:, 1:]] * mf[:, 1:]).sum(1)
    last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
    gold = gold + end[last]
    a = start + em[:, 0]
    for i in range(1, em.shape[1]):
        nxt = torch.logsumexp(a.unsqueeze(2) + trans + em[:, i].unsqueeze(1), dim=1)
        a = torch.where(mask[:, i : i + 1], nxt, a)
    return (torch.logsumexp(a + end, 1) - gold).sum()


def viterbi(em, mask, trans, start, end):
    """Best label paths (n, length)."""
    import torch

    with torch.no_grad():
        n, length, k = em.shape
        a = start + em[:, 0]
        back = []
        for i in range(1, length):
            best, bp = (a.unsqueeze(2) + trans).max(1)
            m = mask[:, i : i + 1]
            a = torch.where(m, best + em[:, i], a)
            back.append(torch.where(m, bp, torch.arange(k).expand(n, k)))
        cur = (a + end).argmax(1)
        path = [cur]
        for bp in reversed(back):
            cur = bp.gather(1, cur.unsqueeze(1)).squeeze(1)
            path.append(cur)
        path.reverse()
        return torch.stack(path, 1)
