package io.retentionplatform.segmentation.account;

import java.util.Arrays;
import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Entitled features as one comma-separated column: feature names are validated to hold no commas. */
@Converter
public class FeatureListConverter implements AttributeConverter<List<String>, String> {

    @Override
    public String convertToDatabaseColumn(List<String> features) {
        return features == null ? "" : String.join(",", features);
    }

    @Override
    public List<String> convertToEntityAttribute(String column) {
        return column == null || column.isBlank() ? List.of()
                : Arrays.stream(column.split(",")).filter(s -> !s.isBlank()).toList();
    }
}
