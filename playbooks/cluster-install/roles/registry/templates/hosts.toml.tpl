# containerd mirror configuration for {{item}} on {{inventory_hostname}}, written by deckhand.
server = "https://{{item}}"

[host."http://{{registry}}"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
