"""demo room: a small web of sample news pages (crawler/demo/site/, one folder per host) and a server for it on 127.0.0.1."""
