"""Who is quoted: names, sentences, speaker attribution and alias unification."""
