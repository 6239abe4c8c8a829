package io.headshots.gateway.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.Styles;
import io.headshots.contracts.Tier;
import io.headshots.gateway.ApiProblem;

/**
 * Turns the headshot form (styles, count) into the outputs to make, within the tenant's tier: free
 * at most {@code Tier.FREE.maxHeadshots()}, premium at most {@code Tier.PREMIUM.maxHeadshots()}.
 * Outputs go round-robin over the chosen styles.
 */
@ApplicationScoped
public class HeadshotPlanner {
    /** Styles when the form names none. */
    static final List<String> DEFAULT_STYLES = List.of("corporate");
    /** Headshots when the form gives no count (capped by the tier). */
    static final int DEFAULT_COUNT = 3;

    public HeadshotRequest plan(ImageHeader photo, Tier tier, List<String> styleFields, String count) {
        List<String> styles = styles(styleFields);
        int wanted = count == null || count.isBlank() ? Math.min(DEFAULT_COUNT, tier.maxHeadshots())
                : parseCount(count);
        if (wanted > tier.maxHeadshots()) {
            if (tier == Tier.FREE) {
                throw new ApiProblem(403, "tier_limit_exceeded", "Beyond the free tier", "the free tier makes at most "
                        + tier.maxHeadshots() + " headshots a job; premium makes up to "
                        + Tier.PREMIUM.maxHeadshots());
            }
            throw ApiProblem.unprocessable("too_many_headshots", "Too many headshots",
                    "at most " + tier.maxHeadshots() + " headshots a job");
        }
        if (wanted < styles.size()) {
            throw ApiProblem.badRequest("invalid_count", "count must be at least the number of styles ("
                    + styles.size() + ")");
        }
        List<HeadshotRequest.Output> outputs = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            String style = styles.get(i % styles.size());
            int variant = i / styles.size();
            outputs.add(new HeadshotRequest.Output(style + "-" + (variant + 1), style, variant));
        }
        return new HeadshotRequest(photo, List.copyOf(outputs));
    }

    private static List<String> styles(List<String> fields) {
        Set<String> names = new LinkedHashSet<>();
        if (fields != null) {
            fields.stream().filter(f -> f != null)
                    .flatMap(f -> Arrays.stream(f.split(",")))
                    .map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(names::add);
        }
        if (names.isEmpty()) {
            return DEFAULT_STYLES;
        }
        for (String name : names) {
            if (Styles.byName(name).isEmpty()) {
                throw ApiProblem.badRequest("unknown_style", "styles must be among "
                        + Styles.all().stream().map(Styles.Style::name).collect(Collectors.joining(", ")));
            }
        }
        return List.copyOf(names);
    }

    private static int parseCount(String count) {
        try {
            int n = Integer.parseInt(count.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.badRequest("invalid_count", "count must be a whole number of at least 1");
    }
}
