package io.vrrpd.daemon.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vrrpd.core.IpText;
import io.vrrpd.hooks.Durations;
import io.vrrpd.hooks.HookProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a plugin hook's YAML node to its provider's record with Jackson: kebab-case names,
 * unknown fields refused (every one reported first, each at its line), durations and addresses
 * in the config's own forms. Jackson stops at the first binding error; that one is reported with
 * its path and line.
 */
final class PluginRecords {
    private final YAMLMapper mapper;

    PluginRecords() {
        SimpleModule literals = new SimpleModule("vrrpd-literals");
        literals.addDeserializer(Duration.class, new DurationDeserializer());
        literals.addDeserializer(InetAddress.class, new InetAddressDeserializer());
        this.mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .addModule(literals)
                .build();
    }

    /** Binds a third-party hook's record with Jackson, after reporting every unknown field. */
    Record bind(HookProvider<?> provider, Node body) {
        Class<?> record = provider.configType();
        Set<String> fields = new LinkedHashSet<>(HooksSection.COMMON);
        for (var c : record.getRecordComponents()) {
            fields.add(PropertyNamingStrategies.KebabCaseStrategy.INSTANCE.translate(c.getName()));
        }
        int before = body.problems().count();
        body.onlyFields(fields);
        if (body.problems().count() > before) {
            return null;
        }
        try {
            return (Record) mapper.treeToValue(body.json(), record);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder(body.pointer());
            for (JsonMappingException.Reference ref : e.getPath()) {
                path.append('/').append(ref.getFieldName() != null ? Paths.escape(ref.getFieldName()) : ref.getIndex());
            }
            String hint = e instanceof UnrecognizedPropertyException u
                    ? "one of " + u.getKnownPropertyIds() : "";
            String message = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage()
                    : e.getOriginalMessage();
            body.problems().atValue(path.toString(), Paths.fromPointer(path.toString()), message, hint);
            return null;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            body.problem(e.getMessage(), "");
            return null;
        }
    }

    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            Optional<Duration> d = text == null ? Optional.empty() : Durations.parse(text);
            if (d.isEmpty()) {
                return (Duration) ctx.handleWeirdStringValue(Duration.class, String.valueOf(p.getText()),
                        "\"%s\" is not a duration (expected: %s)", p.getText(), Durations.EXAMPLES);
            }
            return d.get();
        }
    }

    private static final class InetAddressDeserializer extends StdScalarDeserializer<InetAddress> {
        InetAddressDeserializer() {
            super(InetAddress.class);
        }

        @Override
        public InetAddress deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            Optional<InetAddress> a = text == null ? Optional.empty() : IpText.parse(text);
            if (a.isEmpty()) {
                return (InetAddress) ctx.handleWeirdStringValue(InetAddress.class, String.valueOf(p.getText()),
                        "\"%s\" is not an IP address", p.getText());
            }
            return a.get();
        }
    }
}
