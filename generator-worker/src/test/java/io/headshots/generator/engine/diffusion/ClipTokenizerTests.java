package io.headshots.generator.engine.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ClipTokenizerTests {
    private final Map<String, Integer> vocab = TinyDiffusionModels.vocab();
    private final ClipTokenizer tokenizer = new ClipTokenizer(vocab, TinyDiffusionModels.merges(), 8);

    @Test
    void mergesPairsByRankUntilTheWordIsOneToken() {
        assertThat(tokenizer.tokens("hello")).containsExactly(vocab.get("hello</w>"));
    }

    @Test
    void lowerCasesCollapsesWhitespaceAndSplitsPunctuation() {
        assertThat(tokenizer.tokens("  Hello\n\tHELLO hi!")).containsExactly(vocab.get("hello</w>"),
                vocab.get("hello</w>"), vocab.get("h"), vocab.get("i</w>"), vocab.get("!</w>"));
    }

    @Test
    void unmergeableLettersStayApartWithTheLastMarkedEndOfWord() {
        assertThat(tokenizer.tokens("helo")).containsExactly(vocab.get("he"), vocab.get("l"), vocab.get("o</w>"));
    }

    @Test
    void encodeWrapsInStartAndEndAndPadsToTheMaximumLength() {
        long s = vocab.get("<|startoftext|>");
        long e = vocab.get("<|endoftext|>");
        long h = vocab.get("hello</w>");
        long bang = vocab.get("!");

        assertThat(tokenizer.encode("hello", "<|endoftext|>")).containsExactly(s, h, e, e, e, e, e, e);
        assertThat(tokenizer.encode("hello", "!")).containsExactly(s, h, e, bang, bang, bang, bang, bang);
    }

    @Test
    void encodeTruncatesLongPromptsButKeepsTheEndToken() {
        long[] ids = tokenizer.encode("hello ".repeat(20), null);

        assertThat(ids).hasSize(8);
        assertThat(ids[7]).isEqualTo((long) vocab.get("<|endoftext|>"));
        assertThat(ids[6]).isEqualTo((long) vocab.get("hello</w>"));
    }

    @Test
    void nonAsciiBytesAreMappedReversiblyBeforeMerging() {
        // "é" is two UTF-8 bytes, each a printable stand-in; the tiny vocabulary has neither
        assertThat(tokenizer.tokens("é")).isEmpty();
    }
}
