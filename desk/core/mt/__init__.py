"""Machine translation: model packages, the model store, downloads and the streaming engine."""
