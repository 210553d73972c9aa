package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jinit.NamedInitializer;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rule patterns of a model spec: glob semantics, and time linear in the name whatever the pattern. */
class GlobTest {

    /** The backtracking regex the patterns once compiled to: the reference semantics on short inputs. */
    private static boolean regex(String glob, String name) {
        StringBuilder r = new StringBuilder();
        for (int c : glob.codePoints().toArray()) {
            r.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(new String(Character.toChars(c))));
        }
        return Pattern.compile(r.toString(), Pattern.DOTALL).matcher(name).matches();
    }

    @Test
    void agreesWithTheRegexOnRandomPatternsAndNames() {
        Random random = new Random(2024);
        String alphabet = "ab*?";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder glob = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                glob.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            StringBuilder name = new StringBuilder();
            for (int n = random.nextInt(10); n > 0; n--) {
                name.append("ab".charAt(random.nextInt(2)));
            }
            assertThat(new ModelSpecReader.Glob(glob.toString()).matches(name.toString()))
                    .as("%s ~ %s", glob, name).isEqualTo(regex(glob.toString(), name.toString()));
        }
    }

    @Test
    void patternsLongerThanOneWordAndCodePoints() {
        String long130 = "x".repeat(65) + "*" + "y".repeat(64);
        assertThat(new ModelSpecReader.Glob(long130).matches("x".repeat(65) + "zz" + "y".repeat(64))).isTrue();
        assertThat(new ModelSpecReader.Glob(long130).matches("x".repeat(65) + "y".repeat(63))).isFalse();
        assertThat(new ModelSpecReader.Glob("?".repeat(70)).matches("q".repeat(70))).isTrue();
        assertThat(new ModelSpecReader.Glob("?".repeat(70)).matches("q".repeat(71))).isFalse();
        // ? is one character, a supplementary one included; runs of stars are one star.
        assertThat(new ModelSpecReader.Glob("emb.?.w").matches("emb.\uD83D\uDE00.w")).isTrue();
        assertThat(new ModelSpecReader.Glob("***").matches("")).isTrue();
        assertThat(new ModelSpecReader.Glob("").matches("")).isTrue();
        assertThat(new ModelSpecReader.Glob("").matches("a")).isFalse();
    }

    @Test
    void hostilePatternsTakeTimeLinearInTheName() {
        // 150 bytes of spec: a backtracking matcher tries C(100, 7) ways to place the stars.
        String spec = "{\"seed\": 1, \"parameters\": [{\"name\": \"" + "a".repeat(100) + "\", \"shape\": [2]}],"
                + " \"rules\": [{\"pattern\": \"*a*a*a*a*a*a*a*b\", \"initializer\": \"zeros\"},"
                + " {\"pattern\": \"*\", \"initializer\": \"ones\"}]}";
        ModelSpec parsed = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> ModelSpecReader.parse(spec, OptionalLong.empty()));
        assertThat(((NamedInitializer) parsed.parameters().get(0).computed().orElseThrow().initializer()).className()).isEqualTo("Ones");
        // A thousand stars against a name of 100,000 characters: 10^8 word steps at most.
        ModelSpecReader.Glob stars = new ModelSpecReader.Glob("*a".repeat(1000) + "*b");
        String name = "a".repeat(100_000);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> stars.matches(name))).isFalse();
        assertThat(stars.matches(name + "b")).isTrue();
    }

    @Test
    void manyNamesTimesManyRulesStopAtTheWorkLimit() {
        // 330 names of 100,000 characters each try 33 rules of 64+ positions that no literal end
        // rules out: 3 * 10^5 steps a try, over 2^30 in all, stopped within seconds.
        StringBuilder spec = new StringBuilder("{\"seed\": 1, \"parameters\": [");
        for (int i = 0; i < 330; i++) {
            spec.append(i == 0 ? "" : ",").append("{\"name\": \"").append(i).append("a".repeat(100_000))
                    .append("\", \"shape\": [1]}");
        }
        spec.append("], \"rules\": [");
        for (int i = 0; i < 33; i++) {
            spec.append("{\"pattern\": \"*").append("b".repeat(64)).append(i)
                    .append("*\", \"initializer\": \"zeros\"},");
        }
        spec.append("{\"pattern\": \"*\", \"initializer\": \"ones\"}]}");
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ModelSpecReader.parse(spec.toString(), OptionalLong.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rules take more than 1073741824 steps to match");
    }

    @Test
    void literalEndsRuleNamesOutBeforeTheAutomaton() {
        ModelSpecReader.Glob bias = new ModelSpecReader.Glob("enc.*.b?as");
        assertThat(bias.anchorsFit("enc.0.weight")).isFalse();
        assertThat(bias.anchorsFit("dec.0.bias")).isFalse();
        assertThat(bias.anchorsFit("enc.0.bias")).isTrue();
        assertThat(bias.anchorCost()).isEqualTo(4 + 5 + 1);
        // Anchors that overlap in a short name fit, and the automaton decides.
        ModelSpecReader.Glob ab = new ModelSpecReader.Glob("ab*ba");
        assertThat(ab.anchorsFit("aba")).isTrue();
        assertThat(ab.matches("aba")).isFalse();
        assertThat(ab.matches("abba")).isTrue();
    }
}
