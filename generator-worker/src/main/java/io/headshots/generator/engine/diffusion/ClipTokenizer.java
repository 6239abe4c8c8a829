package io.headshots.generator.engine.diffusion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import io.headshots.contracts.Messages;

/**
 * CLIP's byte-level BPE tokenizer (OpenAI {@code simple_tokenizer}, Hugging Face {@code CLIPTokenizer})
 * from its {@code vocab.json} and {@code merges.txt}: whitespace collapsed, lower-cased, split by
 * CLIP's pattern, each piece's UTF-8 bytes mapped to printable characters, the last one marked
 * {@code </w>}, pairs merged by rank; then {@code <|startoftext|> ... <|endoftext|>}, truncated and
 * padded to the maximum length. Thread-safe.
 */
final class ClipTokenizer {
    static final String START = "<|startoftext|>";
    static final String END = "<|endoftext|>";
    private static final Pattern PIECES = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final String[] BYTE_CHARS = byteChars();

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Map<String, String[]> cache = new ConcurrentHashMap<>();
    private final int maxLength;

    ClipTokenizer(Map<String, Integer> vocab, List<String> merges, int maxLength) {
        this.vocab = Map.copyOf(vocab);
        this.maxLength = maxLength;
        int rank = 0;
        for (String line : merges) {
            if (line.isBlank() || line.startsWith("#version")) {
                continue;
            }
            ranks.putIfAbsent(line.trim(), rank++);
        }
        id(START);
        id(END);
    }

    static ClipTokenizer read(Path vocabJson, Path mergesTxt, int maxLength) {
        try {
            Map<String, Integer> vocab = Messages.mapper().readValue(vocabJson.toFile(),
                    new TypeReference<Map<String, Integer>>() {
                    });
            return new ClipTokenizer(vocab, Files.readAllLines(mergesTxt, StandardCharsets.UTF_8), maxLength);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code maxLength} ids: start, the text's tokens (truncated), end, then {@code padToken}. */
    long[] encode(String text, String padToken) {
        List<Integer> tokens = tokens(text);
        long[] ids = new long[maxLength];
        int pad = id(padToken == null ? END : padToken);
        Arrays.fill(ids, pad);
        ids[0] = id(START);
        int n = Math.min(tokens.size(), maxLength - 2);
        for (int i = 0; i < n; i++) {
            ids[i + 1] = tokens.get(i);
        }
        ids[n + 1] = id(END);
        return ids;
    }

    /** The text's token ids, without start, end or padding. */
    List<Integer> tokens(String text) {
        String clean = text.replaceAll("\\s+", " ").strip().toLowerCase();
        List<Integer> out = new ArrayList<>();
        Matcher m = PIECES.matcher(clean);
        while (m.find()) {
            StringBuilder mapped = new StringBuilder();
            for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) {
                mapped.append(BYTE_CHARS[b & 0xff]);
            }
            for (String piece : cache.computeIfAbsent(mapped.toString(), this::bpe)) {
                Integer id = vocab.get(piece);
                if (id != null) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    private String[] bpe(String token) {
        if (token.equals(START) || token.equals(END)) {
            return new String[]{token};
        }
        List<String> word = new ArrayList<>();
        int[] cps = token.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            String c = new String(cps, i, 1);
            word.add(i == cps.length - 1 ? c + "</w>" : c);
        }
        while (word.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i < word.size() - 1; i++) {
                Integer r = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            String first = word.get(best);
            String second = word.get(best + 1);
            List<String> merged = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (i < word.size() - 1 && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                    merged.add(first + second);
                    i++;
                } else {
                    merged.add(word.get(i));
                }
            }
            word = merged;
        }
        return word.toArray(String[]::new);
    }

    private int id(String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new ModelFolderMismatch("tokenizer: vocab.json has no id for " + token);
        }
        return id;
    }

    /** GPT-2's reversible map of the 256 byte values to printable characters. */
    private static String[] byteChars() {
        String[] out = new String[256];
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            out[b] = printable[b] ? String.valueOf((char) b) : String.valueOf((char) (256 + n++));
        }
        return out;
    }
}
