{#- The cover of the PDF book (mkdocs-print-site-plugin renders it with `config`). -#}
<div class="fg-cover">
  <p class="fg-cover__kicker">PyTorch</p>
  <h1 class="fg-cover__title">{{ config.site_name }}</h1>
  <p class="fg-cover__subtitle">{{ config.site_description }}</p>
  {% if config.extra.book_edition %}
  <p class="fg-cover__edition">{{ config.extra.book_edition }}</p>
  {% endif %}
  {% if config.site_url and "127.0.0.1" not in config.site_url %}
  <p class="fg-cover__url">{{ config.site_url }}</p>
  {% endif %}
</div>
