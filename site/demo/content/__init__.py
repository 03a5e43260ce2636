"""The demo's texts and facts, one module per part of the demo: Chinese content, not interface text."""
