"""The attack suite's tiny attack files and the script that writes them."""
