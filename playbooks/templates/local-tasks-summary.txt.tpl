# Written by deckhand for {{inventory_hostname}} (kernel {{kernel_release}})
{{greeting}}! {{component_count}} components:
{{#each components}}
- {{this.name}} {{this.version}}
{{/each}}
