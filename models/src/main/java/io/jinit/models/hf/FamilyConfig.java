package io.jinit.models.hf;

/**
 * The part of a {@code config.json} that one family's recipe reads: the sizes and switches of its
 * modules, with that family's defaults, checked as its transformers config and modules check them.
 *
 * @since 0.1
 */
public sealed interface FamilyConfig permits LlamaConfig, Gpt2Config, BertConfig {
    /**
     * The family.
     *
     * @return the family of the config's {@code model_type}
     */
    HfFamily family();

    /**
     * The class transformers builds, whose {@code state_dict} the recipe gives.
     *
     * @return one of {@link HfFamily#architectures()}
     */
    String architecture();
}
